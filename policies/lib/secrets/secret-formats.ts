/**
 * Recognising secrets by their shape. At Analyze the SDK unwraps Pulumi secret envelopes, so a policy
 * cannot tell a secret input from a plain one; the formats below (credentials in URLs, key and token
 * prefixes the issuers chose to be greppable) are the signal left. Every pattern has bounded
 * quantifiers so that a huge or hostile string scans in linear time. Callers report the kind, never
 * the match.
 */

export interface SecretFormat {
  /** What the value looks like, for messages: "an AWS access key id". */
  kind: string;
  pattern: RegExp;
}

/** Placeholders that stand for a password without being one: `$VAR`, `${VAR}`, `{{var}}`, `%(var)s`, `<password>`, `****`. */
const PLACEHOLDER = /^(\$|\{\{|%[(s]|<|\*+$|x+$)/i;

const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s/:@'"]{0,256}:([^\s/@'"]{1,256})@[^\s/@'"]/gi;
const URL_QUERY_SECRET =
  /[?&;](?:password|passwd|pwd|secret|client_secret|access_token|api_?key|token)=([^&\s#'"]{1,512})/gi;

/** Formats that are a secret on their own, wherever they appear. */
export const SECRET_FORMATS: readonly SecretFormat[] = [
  { kind: "an AWS access key id", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { kind: "a private key", pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/ },
  {
    kind: "a GitHub token",
    pattern: /\b(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,255})\b/,
  },
  { kind: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,255}/ },
  { kind: "a Stripe live secret key", pattern: /\b[sr]k_live_[A-Za-z0-9]{16,255}/ },
];

export const AWS_ACCESS_KEY_ID_KIND = SECRET_FORMATS[0].kind;
export const URL_CREDENTIALS_KIND = "credentials in a URL";

/** Largest part of one string that is scanned; real inputs are far smaller, hostile ones are cut here. */
export const MAX_SCAN_CHARS = 1 << 20;

function urlCarriesCredentials(text: string): boolean {
  for (const pattern of [URL_CREDENTIALS, URL_QUERY_SECRET]) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (!PLACEHOLDER.test(match[1])) return true;
    }
  }
  return false;
}

/** The kinds of secret the text contains (each once), in a stable order. */
export function secretKindsIn(text: string): string[] {
  const scanned = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const kinds = SECRET_FORMATS.filter((f) => f.pattern.test(scanned)).map((f) => f.kind);
  if (urlCarriesCredentials(scanned)) kinds.push(URL_CREDENTIALS_KIND);
  return kinds;
}

/**
 * A 40-character base64 token with both letter cases: the shape of an AWS secret access key. Alone it
 * is too common a shape to report (hashes, ids); next to an access key id it is the other half of a pair.
 */
const AWS_SECRET_ACCESS_KEY =
  /(?:^|[^A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/;

export function looksLikeAwsSecretAccessKey(text: string): boolean {
  return AWS_SECRET_ACCESS_KEY.test(text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text);
}

/** True when a name or label itself looks like a secret, so it must not be echoed either. */
export function looksSecret(text: string): boolean {
  return secretKindsIn(text).length > 0;
}
