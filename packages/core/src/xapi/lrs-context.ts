/**
 * What every LRS use-case receives: the database, the authenticated LRS client (its organization
 * bounds everything it sees), the clock and the xAPI version the request negotiated — and, when
 * the credentials are a launched cmi5 AU's, the rules that session must follow.
 */
import type { XapiActor, XapiStatement, XapiStatementQuery, XapiVersion } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import type { XapiDocumentKind, XapiScope } from "./schema.js";

export interface LrsClient {
  id: string;
  organizationId: string;
  name: string;
  key: string;
  scopes: XapiScope[];
}

/** Where a State, Activity Profile or Agent Profile document is ('' where the kind has no such part). */
export interface DocumentAddress {
  activityId: string;
  agentKey: string;
  registration: string;
  /** null when the request names no document: list ids (GET) or delete all states (DELETE). */
  documentId: string | null;
  since: Date | null;
}

export interface LrsCtx {
  db: Database;
  client: LrsClient;
  now: () => Date;
  version: XapiVersion;
  /** Set when the credentials belong to a launched AU's session (cmi5): what else they must obey. */
  session?: LrsSessionRules;
}

/**
 * Limits on credentials beyond their scopes, enforced by the LRS's use-cases: the cmi5 module's
 * rules for an AU session (which documents it may touch, which statements it may store, and what
 * the LMS records after them). Every method refuses by throwing a forbidden AppError (403).
 */
export interface LrsSessionRules {
  authorizeDocument(
    kind: XapiDocumentKind,
    address: DocumentAddress,
    action: "read" | "write" | "delete",
    document?: { contentType: string; content: Uint8Array },
  ): Promise<void>;
  authorizeStatementQuery(query: XapiStatementQuery): void;
  /** Checks, in the storing transaction, the statements about to be stored, as the AU sent them. */
  acceptStatements(tx: Database, statements: readonly XapiStatement[]): Promise<void>;
  /** Records, in the same transaction, what those statements mean for the session and its registration. */
  statementsStored(tx: Database, statements: readonly XapiStatement[]): Promise<void>;
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
