/**
 * Text copied from an evidence file into a fact or a message (test names, URLs, package names) goes
 * through here: one line, bounded, and withheld whole when it looks like a secret, since a report is
 * published where the file was not.
 */
import { looksSecret } from "../../../policies/api";

const WITHHELD = "[withheld: looks like a secret]";
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./;
// The issuers' prefixes without the pack's leading word boundary: test names join words with `_`.
const PREFIXED_TOKEN =
  /(?:sk|rk)_live_[A-Za-z0-9]{16}|(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22}|xox[abposr]-[A-Za-z0-9-]{10}|(?:AKIA|ASIA)[A-Z0-9]{16}/;
const ASSIGNED_SECRET = /\b(password|passwd|pwd|secret|token|api[_-]?key|dsn)\s*[=:]\s*[^\s,;'"]{4,}/i;
// Control characters and ANSI colour codes from terminal logs.
const CONTROL = /\u001b\[[0-9;]*[A-Za-z]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** `text` fit for a one-line fact: no control characters, at most `max` characters, never a secret. */
export function shown(text: string, max = 120): string {
  const line = text.replace(CONTROL, "").replace(/\s+/g, " ").trim();
  if (looksSecret(line) || PREFIXED_TOKEN.test(line) || JWT.test(line) || ASSIGNED_SECRET.test(line))
    return WITHHELD;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A URL without credentials, query or fragment (where tokens travel), then `shown`. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return shown(`${parsed.protocol}//${parsed.host}${parsed.pathname}`);
  } catch {
    return shown(url.split(/[?#]/)[0].replace(/\/\/[^/@]*@/, "//"));
  }
}
