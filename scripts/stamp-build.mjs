// Written at the end of `npm run build`: the build is current as of now.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { STAMP, writeStamp } from "./build-state.mjs";

mkdirSync(path.dirname(STAMP), { recursive: true });
writeStamp();
