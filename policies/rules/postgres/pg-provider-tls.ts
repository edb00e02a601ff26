import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { bool, str } from "../../lib/values";

interface Config {
  allowedSslModes: string[];
}

const LIBPQ_SSL_MODES = new Set(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]);

export const pgProviderTls = resourcePolicy<Config>({
  name: "pg-provider-tls",
  description:
    'Checks that PostgreSQL providers (pulumi:providers:postgresql, explicit or default) connect with an allowed sslmode (sslmode, or the deprecated sslMode) and declare superuser false, since RDS and Aurora have no PostgreSQL superuser and the provider otherwise assumes one. Provider settings arrive as strings, so "false" counts as false.',
  severity: "high",
  checklist: ["backend.database.least-privilege-user"],
  remediationSteps:
    'Set sslmode: "verify-full" with sslrootcert pointing at the RDS CA bundle (or the allowed mode of your profile), and superuser: false; connect as a CREATEROLE role, not the master user.',
  config: {
    allowedSslModes: {
      type: "array",
      items: { type: "string", enum: [...LIBPQ_SSL_MODES] },
      minItems: 1,
      default: ["require", "verify-ca", "verify-full"],
      description: "libpq sslmode values the provider may use (production: verify-full only).",
    },
  },
  appliesTo: tokensOf("pgProvider"),
  validate({ props }, { config, violation, check }) {
    check(() => {
      const mode = str(props.sslmode, "sslmode") || str(props.sslMode, "sslMode") || undefined;
      if (mode !== undefined && config.allowedSslModes.includes(mode)) return;
      const actual =
        mode === undefined ? "unset" : LIBPQ_SSL_MODES.has(mode) ? `"${mode}"` : "not a libpq sslmode";
      violation(`Set sslmode to one of ${config.allowedSslModes.join(", ")}; it is ${actual}.`);
    });
    check(() => {
      const superuser = bool(props.superuser, "superuser");
      if (superuser === false) return;
      violation(
        `Set superuser to false; ${superuser === true ? "it is true" : "it is unset and the provider then assumes a superuser"}, and RDS has no PostgreSQL superuser.`,
      );
    });
  },
});
