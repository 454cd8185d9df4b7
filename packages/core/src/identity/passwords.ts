/** Password hashing with argon2id (OWASP's recommended parameters are @node-rs/argon2's defaults). */
import { hash, verify } from "@node-rs/argon2";

/** argon2id: Algorithm.Argon2id in @node-rs/argon2 (a const enum, spelled out to stay isolatedModules-safe). */
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A real argon2id hash of a random string, verified against when no account matches the email, so
 * that a wrong email and a wrong password take the same time to answer (no user enumeration).
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}
