/**
 * What every LRS use-case receives: the database, the authenticated LRS client (its organization
 * bounds everything it sees), the clock and the xAPI version the request negotiated.
 */
import type { XapiActor, XapiVersion } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import type { XapiScope } from "./schema.js";

export interface LrsClient {
  id: string;
  organizationId: string;
  name: string;
  key: string;
  scopes: XapiScope[];
}

export interface LrsCtx {
  db: Database;
  client: LrsClient;
  now: () => Date;
  version: XapiVersion;
}

/** The authority the LRS puts on statements a client stores (Data 2.4.9): the client, as an account. */
export function authorityOf(client: LrsClient): XapiActor {
  return {
    objectType: "Agent",
    name: client.name,
    account: { homePage: AUTHORITY_HOME_PAGE, name: client.key },
  };
}

/** The account home page of LRS client authorities. */
export const AUTHORITY_HOME_PAGE = "https://pathwise.example/xapi/clients";
