import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // The server bundle loads the workspace packages from node_modules at run time, so the web app
  // and the API share one instance of core (and one database handle) in the same process.
  ssr: { external: ["@pathwise/core", "@pathwise/engine", "@pathwise/standards"] },
});
