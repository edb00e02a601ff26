/**
 * The production-readiness checklist (the seed the platform team gave us), item by item, with stable
 * ids and what answers each item where no policy does: the component that provisions it, the doc that
 * covers it, or why infrastructure cannot express it and who owns it instead (then evidence or a
 * sign-off answers it). Which policies enforce an item is not written here: each policy names its
 * items in its own `checklist` metadata, and `enforcingPolicies` reads it from the pack or a gate run.
 * The ids are a public contract: policies name them, the readiness report is keyed by them.
 * Kept with the readiness report (the pack never loads it); a test checks it against the project's
 * copy of the seed (test/fixtures/checklist/checklist.md), and checks every component, file and doc
 * heading named here.
 */

/**
 * Some policy of the pack names the item in its `checklist`; which ones is read from the policies'
 * own metadata (`enforcingPolicies`), never listed here.
 */
export interface Enforced {
  kind: "enforced";
}

/** The program makes the item true; no policy checks it on other stacks. */
export interface Provisioned {
  kind: "provisioned";
  /** Component type token, `prodready:<tier>:<Name>`. */
  component: string;
  /** The file under stacks/components/ that declares the component. */
  file: string;
  /** What in the component makes the item true; names in backticks appear in `file`. */
  setting: string;
}

/** A procedure people follow, written down in the repository's docs. */
export interface Documented {
  kind: "documented";
  /** Markdown file, relative to the repository root. */
  doc: string;
  /** The text of a heading in `doc` that covers the item. */
  heading: string;
}

/** Infrastructure cannot express the item. */
export interface OutOfScope {
  kind: "out-of-scope";
  /** One sentence: why no policy, component or runbook of this project can make it true. */
  reason: string;
  /** Who owns the item instead. */
  owner: string;
}

export type Disposition = Enforced | Provisioned | Documented | OutOfScope;
export type DispositionKind = Disposition["kind"];

/** Strongest first: an item that is more than one of these lists the strongest. */
export const DISPOSITION_KINDS: readonly DispositionKind[] = [
  "enforced",
  "provisioned",
  "documented",
  "out-of-scope",
];

export interface ChecklistItem {
  /** Stable id: `<section>.<subsection>.<item>`. */
  id: string;
  /** Top-level section of the seed (`Backend (Django)`). */
  section: string;
  /** Subsection of the seed, empty where the seed has none. */
  subsection: string;
  /** The item's text exactly as in the seed. */
  text: string;
  /** For the seed's Railway/Heroku and Vercel items: what stands for it in this design on AWS. */
  awsEquivalent?: string;
  disposition: Disposition;
}

const OWNER = {
  django: "the Django application team",
  nextjs: "the Next.js application team",
  qa: "the QA team",
  product: "the product team",
  platform: "the platform team",
};

const ENFORCED: Enforced = { kind: "enforced" };
const provisioned = (component: string, file: string, setting: string): Provisioned => ({
  kind: "provisioned",
  component,
  file,
  setting,
});
const documented = (doc: string, heading: string): Documented => ({ kind: "documented", doc, heading });
const outOfScope = (reason: string, owner: string): OutOfScope => ({ kind: "out-of-scope", reason, owner });

const SERVICES = ["prodready:services:Services", "stacks/components/services.ts"] as const;
const DEPLOYMENT = "docs/deployment.md";
const OPERATIONS = "docs/operations.md";

const BACKEND = "Backend (Django)";
const FRONTEND = "Frontend (Next.js)";
const DEVOPS = "DevOps & Infrastructure";
const API = "API Integration";
const QA = "Testing & QA";
const DOCS = "Documentation";
const POST = "Post-Deployment";

const BACKEND_HOSTING = "Railway/Heroku app → the Django ECS Fargate service behind the ALB and CloudFront";
const FRONTEND_HOSTING = "Vercel project → the Next.js ECS Fargate service behind the ALB and CloudFront";

export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  // Backend (Django) / Security
  {
    id: "backend.security.debug-off",
    section: BACKEND,
    subsection: "Security",
    text: "`DEBUG = False` (controlled via environment variable)",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.secret-key-from-secret",
    section: BACKEND,
    subsection: "Security",
    text: "`SECRET_KEY` uses secure environment variable",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.allowed-hosts-restricted",
    section: BACKEND,
    subsection: "Security",
    text: "`ALLOWED_HOSTS` restricted to specific domains",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.cors-origins-restricted",
    section: BACKEND,
    subsection: "Security",
    text: "`CORS_ALLOWED_ORIGINS` restricted to frontend domain",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.ssl-redirect",
    section: BACKEND,
    subsection: "Security",
    text: "HTTPS/SSL enforced (`SECURE_SSL_REDIRECT = True`)",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.csrf-secure-cookies",
    section: BACKEND,
    subsection: "Security",
    text: "CSRF protection enabled with secure cookies",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.session-cookies-secure",
    section: BACKEND,
    subsection: "Security",
    text: "Session cookies are secure and HttpOnly",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.password-validators",
    section: BACKEND,
    subsection: "Security",
    text: "Password validators enabled in production",
    disposition: outOfScope(
      "`AUTH_PASSWORD_VALIDATORS` lives in the Django settings code inside the image, which no infrastructure setting can see.",
      OWNER.django,
    ),
  },
  {
    id: "backend.security.no-sensitive-data-in-code-or-logs",
    section: BACKEND,
    subsection: "Security",
    text: "No sensitive data in code or logs",
    disposition: ENFORCED,
  },
  {
    id: "backend.security.admin-https-only",
    section: BACKEND,
    subsection: "Security",
    text: "Django admin accessible only via HTTPS",
    disposition: ENFORCED,
  },

  // Backend (Django) / Database
  {
    id: "backend.database.postgresql",
    section: BACKEND,
    subsection: "Database",
    text: "PostgreSQL configured (not SQLite)",
    disposition: ENFORCED,
  },
  {
    id: "backend.database.backups-enabled",
    section: BACKEND,
    subsection: "Database",
    text: "Database backups enabled",
    disposition: ENFORCED,
  },
  {
    id: "backend.database.least-privilege-user",
    section: BACKEND,
    subsection: "Database",
    text: "Database user has minimal required permissions",
    disposition: ENFORCED,
  },
  {
    id: "backend.database.connection-pooling",
    section: BACKEND,
    subsection: "Database",
    text: "Connection pooling configured (pgBouncer)",
    disposition: ENFORCED,
  },
  {
    id: "backend.database.migrations-applied",
    section: BACKEND,
    subsection: "Database",
    text: "Migrations tested and applied",
    disposition: documented(DEPLOYMENT, "Run the migrations"),
  },

  // Backend (Django) / Dependencies
  {
    id: "backend.dependencies.requirements-production",
    section: BACKEND,
    subsection: "Dependencies",
    text: "`requirements_production.txt` has production packages",
    disposition: outOfScope(
      "The requirements file belongs to the Django repository and is baked into the image; the program only names the image.",
      OWNER.django,
    ),
  },
  {
    id: "backend.dependencies.dj-database-url",
    section: BACKEND,
    subsection: "Dependencies",
    text: "`dj-database-url` for cloud database support",
    disposition: outOfScope(
      "Which package parses `DATABASE_URL` is a Python dependency of the image; the program only supplies `DATABASE_URL` and `DATABASE_*` (docs/environment-variables.md).",
      OWNER.django,
    ),
  },
  {
    id: "backend.dependencies.psycopg2",
    section: BACKEND,
    subsection: "Dependencies",
    text: "`psycopg2-binary` for PostgreSQL",
    disposition: outOfScope(
      "The PostgreSQL driver is a Python dependency installed in the image.",
      OWNER.django,
    ),
  },
  {
    id: "backend.dependencies.gunicorn",
    section: BACKEND,
    subsection: "Dependencies",
    text: "`gunicorn` for production WSGI server",
    disposition: ENFORCED,
  },
  {
    id: "backend.dependencies.whitenoise",
    section: BACKEND,
    subsection: "Dependencies",
    text: "`whitenoise` for static file serving",
    disposition: outOfScope(
      "Serving Django's static files from the gunicorn process is middleware in the settings code and a dependency of the image.",
      OWNER.django,
    ),
  },
  {
    id: "backend.dependencies.pinned-versions",
    section: BACKEND,
    subsection: "Dependencies",
    text: "All dependencies pinned to specific versions",
    disposition: outOfScope(
      "Package pins live in the application repositories' lockfiles; the program itself only refuses unpinned images (`:latest`).",
      OWNER.django,
    ),
  },

  // Backend (Django) / API & Authentication
  {
    id: "backend.auth.jwt-expiration",
    section: BACKEND,
    subsection: "API & Authentication",
    text: "JWT token expiration set appropriately",
    disposition: outOfScope(
      "Token lifetimes are settings of the authentication library in the Django code.",
      OWNER.django,
    ),
  },
  {
    id: "backend.auth.token-refresh",
    section: BACKEND,
    subsection: "API & Authentication",
    text: "Token refresh mechanism working",
    disposition: outOfScope(
      "Token refresh is application behaviour, proven by the application's tests.",
      OWNER.django,
    ),
  },
  {
    id: "backend.auth.rate-limiting",
    section: BACKEND,
    subsection: "API & Authentication",
    text: "Rate limiting enabled",
    disposition: ENFORCED,
  },
  {
    id: "backend.auth.endpoint-permissions",
    section: BACKEND,
    subsection: "API & Authentication",
    text: "API endpoints have proper permissions",
    disposition: outOfScope("Per-endpoint permission classes are Django code.", OWNER.django),
  },
  {
    id: "backend.auth.no-auth-bypass",
    section: BACKEND,
    subsection: "API & Authentication",
    text: "No authentication bypass vulnerabilities",
    disposition: outOfScope(
      "Authentication bypasses are flaws in application code, found by review and security testing.",
      OWNER.django,
    ),
  },
  {
    id: "backend.auth.errors-do-not-leak",
    section: BACKEND,
    subsection: "API & Authentication",
    text: "Error messages don't leak sensitive info",
    disposition: outOfScope(
      "Error bodies are written by the Django code (the pack only enforces `DEBUG=False`, which hides tracebacks).",
      OWNER.django,
    ),
  },

  // Backend (Django) / Logging & Monitoring
  {
    id: "backend.logging.production-logging",
    section: BACKEND,
    subsection: "Logging & Monitoring",
    text: "Logging configured for production",
    disposition: ENFORCED,
  },
  {
    id: "backend.logging.error-tracking",
    section: BACKEND,
    subsection: "Logging & Monitoring",
    text: "Error tracking enabled (Sentry, etc.)",
    disposition: ENFORCED,
  },
  {
    id: "backend.logging.query-monitoring",
    section: BACKEND,
    subsection: "Logging & Monitoring",
    text: "Database query monitoring configured",
    disposition: ENFORCED,
  },
  {
    id: "backend.logging.no-sensitive-data-logged",
    section: BACKEND,
    subsection: "Logging & Monitoring",
    text: "No sensitive data logged",
    disposition: ENFORCED,
  },
  {
    id: "backend.logging.log-levels",
    section: BACKEND,
    subsection: "Logging & Monitoring",
    text: "Log levels appropriate for production",
    disposition: ENFORCED,
  },

  // Backend (Django) / Static & Media Files
  {
    id: "backend.files.static-root",
    section: BACKEND,
    subsection: "Static & Media Files",
    text: "STATIC_ROOT configured",
    disposition: outOfScope("`STATIC_ROOT` is a Django setting inside the image.", OWNER.django),
  },
  {
    id: "backend.files.media-persistent-storage",
    section: BACKEND,
    subsection: "Static & Media Files",
    text: "MEDIA_ROOT on persistent storage",
    disposition: ENFORCED,
  },
  {
    id: "backend.files.collectstatic",
    section: BACKEND,
    subsection: "Static & Media Files",
    text: "Static files collected with `collectstatic`",
    disposition: documented(DEPLOYMENT, "Build and push the images"),
  },
  {
    id: "backend.files.media-uploads-secured",
    section: BACKEND,
    subsection: "Static & Media Files",
    text: "Media file uploads secured",
    disposition: ENFORCED,
  },

  // Frontend (Next.js) / Environment
  {
    id: "frontend.environment.app-url",
    section: FRONTEND,
    subsection: "Environment",
    text: "`NEXT_PUBLIC_APP_URL` points to production domain",
    disposition: ENFORCED,
  },
  {
    id: "frontend.environment.django-api-url",
    section: FRONTEND,
    subsection: "Environment",
    text: "`NEXT_PUBLIC_DJANGO_API` points to production backend",
    disposition: ENFORCED,
  },
  {
    id: "frontend.environment.nextauth-url",
    section: FRONTEND,
    subsection: "Environment",
    text: "`NEXTAUTH_URL` points to production frontend",
    disposition: ENFORCED,
  },
  {
    id: "frontend.environment.nextauth-secret",
    section: FRONTEND,
    subsection: "Environment",
    text: "`NEXTAUTH_SECRET` is random and secure",
    disposition: ENFORCED,
  },
  {
    id: "frontend.environment.env-not-committed",
    section: FRONTEND,
    subsection: "Environment",
    text: "Environment variables never committed to git",
    disposition: ENFORCED,
  },
  {
    id: "frontend.environment.env-local-gitignored",
    section: FRONTEND,
    subsection: "Environment",
    text: "`.env.production.local` in `.gitignore`",
    disposition: outOfScope(
      "`.gitignore` belongs to the Next.js repository; in this design production values come from the task definition and Secrets Manager, not from `.env` files.",
      OWNER.nextjs,
    ),
  },

  // Frontend (Next.js) / Build & Deployment
  {
    id: "frontend.build.build-succeeds",
    section: FRONTEND,
    subsection: "Build & Deployment",
    text: "`npm run build` completes without errors",
    disposition: outOfScope(
      "The Next.js build runs in the application's image build, before the program sees an image tag.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.build.minified",
    section: FRONTEND,
    subsection: "Build & Deployment",
    text: "Build is optimized (`swcMinify: true`)",
    disposition: outOfScope(
      "Minification is a `next.config.js` setting in the application repository.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.build.no-typescript-errors",
    section: FRONTEND,
    subsection: "Build & Deployment",
    text: "No TypeScript errors",
    disposition: outOfScope(
      "Type errors are a property of the application's source, checked by its CI.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.build.no-eslint-errors",
    section: FRONTEND,
    subsection: "Build & Deployment",
    text: "No ESLint errors",
    disposition: outOfScope(
      "Lint errors are a property of the application's source, checked by its CI.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.build.no-browser-source-maps",
    section: FRONTEND,
    subsection: "Build & Deployment",
    text: "Source maps disabled in production (`productionBrowserSourceMaps: false`)",
    disposition: outOfScope(
      "`productionBrowserSourceMaps` is a `next.config.js` setting compiled into the image.",
      OWNER.nextjs,
    ),
  },

  // Frontend (Next.js) / Performance
  {
    id: "frontend.performance.image-optimization",
    section: FRONTEND,
    subsection: "Performance",
    text: "Image optimization configured correctly",
    disposition: outOfScope("Image optimization is configured in `next.config.js`.", OWNER.nextjs),
  },
  {
    id: "frontend.performance.image-remote-patterns",
    section: FRONTEND,
    subsection: "Performance",
    text: "Remote pattern allows production CDN/backend",
    disposition: outOfScope(
      "`images.remotePatterns` is a `next.config.js` setting; the hosts to allow are the app domain (`/media/*`) and the api domain.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.performance.code-splitting",
    section: FRONTEND,
    subsection: "Performance",
    text: "Code splitting optimized",
    disposition: outOfScope(
      "Code splitting is decided by the application's imports and build.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.performance.unused-dependencies",
    section: FRONTEND,
    subsection: "Performance",
    text: "Unused dependencies removed",
    disposition: outOfScope("Dependencies are declared in the application's `package.json`.", OWNER.nextjs),
  },
  {
    id: "frontend.performance.no-console-logs",
    section: FRONTEND,
    subsection: "Performance",
    text: "No console.logs in production code",
    disposition: outOfScope("`console.log` calls are application code, found by its linter.", OWNER.nextjs),
  },

  // Frontend (Next.js) / Security
  {
    id: "frontend.security.no-hardcoded-secrets",
    section: FRONTEND,
    subsection: "Security",
    text: "No hardcoded secrets in code",
    disposition: ENFORCED,
  },
  {
    id: "frontend.security.https-api-calls",
    section: FRONTEND,
    subsection: "Security",
    text: "All API calls use HTTPS",
    disposition: ENFORCED,
  },
  {
    id: "frontend.security.cors-credentials",
    section: FRONTEND,
    subsection: "Security",
    text: "CORS credentials properly configured",
    disposition: outOfScope(
      "`CORS_ALLOW_CREDENTIALS` and the `credentials` mode of fetch calls are application code on both sides.",
      OWNER.django,
    ),
  },
  {
    id: "frontend.security.csp",
    section: FRONTEND,
    subsection: "Security",
    text: "CSP headers configured",
    disposition: ENFORCED,
  },
  {
    id: "frontend.security.x-frame-options-deny",
    section: FRONTEND,
    subsection: "Security",
    text: "X-Frame-Options set to DENY",
    disposition: ENFORCED,
  },

  // Frontend (Next.js) / Authentication
  {
    id: "frontend.auth.session-strategy",
    section: FRONTEND,
    subsection: "Authentication",
    text: "NextAuth session strategy appropriate",
    disposition: outOfScope("The NextAuth session strategy is application configuration.", OWNER.nextjs),
  },
  {
    id: "frontend.auth.jwt-handling",
    section: FRONTEND,
    subsection: "Authentication",
    text: "JWT tokens properly handled",
    disposition: outOfScope("Token handling is NextAuth callback code in the application.", OWNER.nextjs),
  },
  {
    id: "frontend.auth.secure-cookies",
    section: FRONTEND,
    subsection: "Authentication",
    text: "Secure cookie settings in production",
    disposition: provisioned(
      ...SERVICES,
      "`nextjsEnvironment` sets `NEXTAUTH_URL` to an https:// origin, which makes NextAuth default to secure cookies (Secure flag, __Secure- names).",
    ),
  },
  {
    id: "frontend.auth.token-refresh",
    section: FRONTEND,
    subsection: "Authentication",
    text: "Token refresh working correctly",
    disposition: outOfScope(
      "Token refresh is application behaviour, proven by the application's tests.",
      OWNER.nextjs,
    ),
  },
  {
    id: "frontend.auth.logout-clears-session",
    section: FRONTEND,
    subsection: "Authentication",
    text: "Logout clears all session data",
    disposition: outOfScope(
      "Logout is application behaviour, proven by the application's tests.",
      OWNER.nextjs,
    ),
  },

  // Frontend (Next.js) / Error Handling
  {
    id: "frontend.errors.error-pages",
    section: FRONTEND,
    subsection: "Error Handling",
    text: "Error pages configured (404, 500)",
    disposition: outOfScope("Error pages are Next.js pages in the application.", OWNER.nextjs),
  },
  {
    id: "frontend.errors.no-sensitive-info",
    section: FRONTEND,
    subsection: "Error Handling",
    text: "Error handling doesn't expose sensitive info",
    disposition: outOfScope("What an error page shows is application code.", OWNER.nextjs),
  },
  {
    id: "frontend.errors.client-error-tracking",
    section: FRONTEND,
    subsection: "Error Handling",
    text: "Client-side error tracking configured",
    disposition: ENFORCED,
  },

  // DevOps & Infrastructure / Railway/Heroku Deployment
  {
    id: "devops.backend-hosting.build-command",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Build command configured correctly",
    awsEquivalent: `${BACKEND_HOSTING}; the build command → the image build in the deploy pipeline, pushed to ECR and pinned in \`djangoImage\``,
    disposition: documented(DEPLOYMENT, "Build and push the images"),
  },
  {
    id: "devops.backend-hosting.start-command",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Start command configured correctly",
    awsEquivalent: `${BACKEND_HOSTING}; the start command → the gunicorn command of the Django task definition, run by an ECS service with a rollback circuit breaker`,
    disposition: ENFORCED,
  },
  {
    id: "devops.backend-hosting.environment-variables",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Environment variables all set",
    awsEquivalent: `${BACKEND_HOSTING}; config vars → the task definition's \`environment\` and \`secrets\` (Secrets Manager)`,
    disposition: provisioned(
      ...SERVICES,
      "`djangoEnvironment` builds the whole Django contract: plain settings in `environment`, every secret in `secrets` resolved from Secrets Manager at task start.",
    ),
  },
  {
    id: "devops.backend-hosting.database-provisioned",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Database auto-provisioned and connected",
    awsEquivalent: `${BACKEND_HOSTING}; the database add-on → RDS for PostgreSQL, reached through RDS Proxy (pgBouncer in dev) at \`db.internal.<zone>\``,
    disposition: provisioned(
      "prodready:database:Database",
      "stacks/components/database.ts",
      '`aws.rds.Instance` with `engine: "postgres"` in the isolated subnets; the services reach it at the stable name db.internal.<zone> (docs/environment-variables.md).',
    ),
  },
  {
    id: "devops.backend-hosting.migrations-after-deploy",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Migrations run after deployment",
    awsEquivalent: `${BACKEND_HOSTING}; the release phase → the one-off ECS task \`prodready-<stack>-migrate\` run after \`pulumi up\``,
    disposition: documented(DEPLOYMENT, "Run the migrations"),
  },
  {
    id: "devops.backend-hosting.media-storage",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Persistent storage configured for media files",
    awsEquivalent: `${BACKEND_HOSTING}; a persistent volume → the private S3 media bucket served under \`/media/\` by CloudFront`,
    disposition: ENFORCED,
  },
  {
    id: "devops.backend-hosting.health-checks",
    section: DEVOPS,
    subsection: "Railway/Heroku Deployment",
    text: "Health checks configured",
    awsEquivalent: `${BACKEND_HOSTING}; platform health checks → container health checks, ALB target group checks on \`/healthz\` and Route53 HTTPS checks`,
    disposition: ENFORCED,
  },

  // DevOps & Infrastructure / Vercel Deployment
  {
    id: "devops.frontend-hosting.source-connected",
    section: DEVOPS,
    subsection: "Vercel Deployment",
    text: "Project imported from GitHub",
    awsEquivalent: `${FRONTEND_HOSTING}; importing from GitHub → the repository's CI pipeline building the images`,
    disposition: outOfScope(
      "Which repository a pipeline builds from is a setting of the CI service, not of the AWS infrastructure.",
      OWNER.platform,
    ),
  },
  {
    id: "devops.frontend-hosting.build-settings",
    section: DEVOPS,
    subsection: "Vercel Deployment",
    text: "Build settings configured",
    awsEquivalent: `${FRONTEND_HOSTING}; build settings → the Next.js image build, with the stack's \`NEXT_PUBLIC_*\` values`,
    disposition: documented(DEPLOYMENT, "Build and push the images"),
  },
  {
    id: "devops.frontend-hosting.environment-variables",
    section: DEVOPS,
    subsection: "Vercel Deployment",
    text: "Environment variables set in Vercel",
    awsEquivalent: `${FRONTEND_HOSTING}; Vercel environment variables → the Next.js task definition's \`environment\` and \`secrets\``,
    disposition: provisioned(
      ...SERVICES,
      "`nextjsEnvironment` builds the Next.js contract: public URLs in `environment`, `NEXTAUTH_SECRET` and `SENTRY_DSN` in `secrets` from Secrets Manager.",
    ),
  },
  {
    id: "devops.frontend-hosting.domain-dns",
    section: DEVOPS,
    subsection: "Vercel Deployment",
    text: "Domain configured and DNS updated",
    awsEquivalent: `${FRONTEND_HOSTING}; the Vercel domain → Route53 alias records to CloudFront with ACM certificates`,
    disposition: provisioned(
      "prodready:edge:Edge",
      "stacks/components/edge.ts",
      "`aws.route53.Record` aliases for the app and api names to the distribution (origin to the ALB) and DNS-validated `aws.acm.Certificate`s.",
    ),
  },
  {
    id: "devops.frontend-hosting.auto-deploy",
    section: DEVOPS,
    subsection: "Vercel Deployment",
    text: "Auto-deployments on git push enabled",
    awsEquivalent: `${FRONTEND_HOSTING}; deploy on push → the pipeline running \`pulumi up\` on a merge to main`,
    disposition: documented(DEPLOYMENT, "Deploy pipeline"),
  },
  {
    id: "devops.frontend-hosting.preview-deployments",
    section: DEVOPS,
    subsection: "Vercel Deployment",
    text: "Preview deployments working",
    awsEquivalent: `${FRONTEND_HOSTING}; preview deployments → the dev and staging stacks, and the gate's preview on every pull request`,
    disposition: documented(DEPLOYMENT, "Deploy pipeline"),
  },

  // DevOps & Infrastructure / Monitoring
  {
    id: "devops.monitoring.error-tracking",
    section: DEVOPS,
    subsection: "Monitoring",
    text: "Error tracking service configured (Sentry)",
    disposition: ENFORCED,
  },
  {
    id: "devops.monitoring.performance-monitoring",
    section: DEVOPS,
    subsection: "Monitoring",
    text: "Performance monitoring enabled",
    disposition: provisioned(
      ...SERVICES,
      "The ECS cluster's `containerInsights` setting records CPU, memory and task metrics per service; response times come from the ALB's metrics.",
    ),
  },
  {
    id: "devops.monitoring.uptime-monitoring",
    section: DEVOPS,
    subsection: "Monitoring",
    text: "Uptime monitoring configured",
    disposition: ENFORCED,
  },
  {
    id: "devops.monitoring.log-aggregation",
    section: DEVOPS,
    subsection: "Monitoring",
    text: "Log aggregation service connected",
    disposition: ENFORCED,
  },
  {
    id: "devops.monitoring.critical-alerts",
    section: DEVOPS,
    subsection: "Monitoring",
    text: "Alerts configured for critical errors",
    disposition: ENFORCED,
  },

  // DevOps & Infrastructure / Backups & Recovery
  {
    id: "devops.backups.database-backups",
    section: DEVOPS,
    subsection: "Backups & Recovery",
    text: "Database backups enabled",
    disposition: ENFORCED,
  },
  {
    id: "devops.backups.retention-policy",
    section: DEVOPS,
    subsection: "Backups & Recovery",
    text: "Backup retention policy set",
    disposition: ENFORCED,
  },
  {
    id: "devops.backups.disaster-recovery-plan",
    section: DEVOPS,
    subsection: "Backups & Recovery",
    text: "Disaster recovery plan documented",
    disposition: documented(OPERATIONS, "Disaster recovery"),
  },
  {
    id: "devops.backups.restore-tests",
    section: DEVOPS,
    subsection: "Backups & Recovery",
    text: "Regular backup restoration tests done",
    disposition: ENFORCED,
  },

  // API Integration / CORS Configuration
  {
    id: "api.cors.frontend-origin-allowed",
    section: API,
    subsection: "CORS Configuration",
    text: "`CORS_ALLOWED_ORIGINS` includes frontend domain",
    disposition: ENFORCED,
  },
  {
    id: "api.cors.credentials-allowed",
    section: API,
    subsection: "CORS Configuration",
    text: "Credentials allowed for authenticated requests",
    disposition: outOfScope(
      "`CORS_ALLOW_CREDENTIALS` belongs in the Django settings code (a variable named `*CREDENTIALS` would read as a secret to the pack).",
      OWNER.django,
    ),
  },
  {
    id: "api.cors.preflight",
    section: API,
    subsection: "CORS Configuration",
    text: "Preflight requests handled correctly",
    disposition: outOfScope(
      "Answering `OPTIONS` preflights is the CORS middleware's job in Django; the edge forwards them uncached.",
      OWNER.django,
    ),
  },
  {
    id: "api.cors.not-overly-permissive",
    section: API,
    subsection: "CORS Configuration",
    text: "No overly permissive CORS settings",
    disposition: ENFORCED,
  },

  // API Integration / API Endpoints
  {
    id: "api.endpoints.tested-in-production-env",
    section: API,
    subsection: "API Endpoints",
    text: "All endpoints tested with production environment",
    disposition: outOfScope("Testing endpoints needs the running application and its test suite.", OWNER.qa),
  },
  {
    id: "api.endpoints.authentication-required",
    section: API,
    subsection: "API Endpoints",
    text: "Authentication required for protected endpoints",
    disposition: outOfScope("Which endpoints require authentication is Django code.", OWNER.django),
  },
  {
    id: "api.endpoints.rate-limiting",
    section: API,
    subsection: "API Endpoints",
    text: "Rate limiting prevents abuse",
    disposition: ENFORCED,
  },
  {
    id: "api.endpoints.input-validation",
    section: API,
    subsection: "API Endpoints",
    text: "Input validation on all endpoints",
    disposition: ENFORCED,
  },
  {
    id: "api.endpoints.errors-do-not-leak",
    section: API,
    subsection: "API Endpoints",
    text: "Error responses don't leak sensitive info",
    disposition: outOfScope("Error response bodies are written by the Django code.", OWNER.django),
  },
  {
    id: "api.endpoints.versioning",
    section: API,
    subsection: "API Endpoints",
    text: "API versioning strategy in place",
    disposition: outOfScope("API versioning is a design decision expressed in URLs and code.", OWNER.django),
  },

  // API Integration / Database Migrations
  {
    id: "api.migrations.apply-cleanly",
    section: API,
    subsection: "Database Migrations",
    text: "All migrations apply cleanly",
    disposition: documented(DEPLOYMENT, "Run the migrations"),
  },
  {
    id: "api.migrations.rollback-tested",
    section: API,
    subsection: "Database Migrations",
    text: "Rollback procedure tested",
    disposition: documented(DEPLOYMENT, "Rollbacks"),
  },
  {
    id: "api.migrations.data-migrations-tested",
    section: API,
    subsection: "Database Migrations",
    text: "Data migration scripts tested",
    disposition: outOfScope(
      "Data migrations are Django code, tested by the application's suite.",
      OWNER.django,
    ),
  },
  {
    id: "api.migrations.backward-compatible",
    section: API,
    subsection: "Database Migrations",
    text: "Schema changes backward compatible",
    disposition: documented(DEPLOYMENT, "Schema changes and the deploy order"),
  },

  // Testing & QA / Functionality
  {
    id: "qa.functionality.registration",
    section: QA,
    subsection: "Functionality",
    text: "User registration flow tested",
    disposition: outOfScope("User flows are tested against the running application.", OWNER.qa),
  },
  {
    id: "qa.functionality.login",
    section: QA,
    subsection: "Functionality",
    text: "User login flow tested",
    disposition: outOfScope("User flows are tested against the running application.", OWNER.qa),
  },
  {
    id: "qa.functionality.password-reset",
    section: QA,
    subsection: "Functionality",
    text: "Password reset flow tested",
    disposition: outOfScope("User flows are tested against the running application.", OWNER.qa),
  },
  {
    id: "qa.functionality.main-features",
    section: QA,
    subsection: "Functionality",
    text: "All main features tested",
    disposition: outOfScope("Features are tested against the running application.", OWNER.qa),
  },
  {
    id: "qa.functionality.error-cases",
    section: QA,
    subsection: "Functionality",
    text: "Error cases handled gracefully",
    disposition: outOfScope("Error handling is application behaviour.", OWNER.qa),
  },

  // Testing & QA / Performance
  {
    id: "qa.performance.page-load",
    section: QA,
    subsection: "Performance",
    text: "Page load times acceptable",
    disposition: outOfScope(
      "Page load times are measured in browsers against the running application.",
      OWNER.qa,
    ),
  },
  {
    id: "qa.performance.queries-optimized",
    section: QA,
    subsection: "Performance",
    text: "Database queries optimized",
    disposition: outOfScope(
      "Queries are written by the ORM code; the program only provides the evidence (`pg_stat_statements`, Performance Insights).",
      OWNER.django,
    ),
  },
  {
    id: "qa.performance.no-n-plus-one",
    section: QA,
    subsection: "Performance",
    text: "No N+1 query problems",
    disposition: outOfScope("N+1 queries are a property of the Django code.", OWNER.django),
  },
  {
    id: "qa.performance.bundle-size",
    section: QA,
    subsection: "Performance",
    text: "Frontend bundle size optimized",
    disposition: outOfScope("Bundle size is decided by the Next.js code and build.", OWNER.nextjs),
  },
  {
    id: "qa.performance.api-response-times",
    section: QA,
    subsection: "Performance",
    text: "API response times acceptable",
    disposition: outOfScope(
      "Response times are measured against the running application under load.",
      OWNER.qa,
    ),
  },

  // Testing & QA / Security
  {
    id: "qa.security.sql-injection",
    section: QA,
    subsection: "Security",
    text: "SQL injection vulnerabilities tested",
    disposition: outOfScope(
      "Security testing exercises the running application (WAF's SQLi rules are enforced separately).",
      OWNER.qa,
    ),
  },
  {
    id: "qa.security.xss",
    section: QA,
    subsection: "Security",
    text: "XSS vulnerabilities tested",
    disposition: outOfScope("Security testing exercises the running application.", OWNER.qa),
  },
  {
    id: "qa.security.csrf",
    section: QA,
    subsection: "Security",
    text: "CSRF protection tested",
    disposition: outOfScope("Security testing exercises the running application.", OWNER.qa),
  },
  {
    id: "qa.security.auth-bypass",
    section: QA,
    subsection: "Security",
    text: "Authentication bypass tested",
    disposition: outOfScope("Security testing exercises the running application.", OWNER.qa),
  },
  {
    id: "qa.security.authorization",
    section: QA,
    subsection: "Security",
    text: "Authorization checks tested",
    disposition: outOfScope("Security testing exercises the running application.", OWNER.qa),
  },

  // Testing & QA / Compatibility
  {
    id: "qa.compatibility.browsers",
    section: QA,
    subsection: "Compatibility",
    text: "Works on Chrome, Firefox, Safari, Edge",
    disposition: outOfScope(
      "Browser support is a property of the frontend code, tested in browsers.",
      OWNER.qa,
    ),
  },
  {
    id: "qa.compatibility.mobile-os",
    section: QA,
    subsection: "Compatibility",
    text: "Works on iOS and Android",
    disposition: outOfScope(
      "Mobile support is a property of the frontend code, tested on devices.",
      OWNER.qa,
    ),
  },
  {
    id: "qa.compatibility.responsive",
    section: QA,
    subsection: "Compatibility",
    text: "Responsive on mobile, tablet, desktop",
    disposition: outOfScope("Responsive layout is the frontend's CSS.", OWNER.nextjs),
  },
  {
    id: "qa.compatibility.accessibility",
    section: QA,
    subsection: "Compatibility",
    text: "Accessible (WCAG 2.1 AA)",
    disposition: outOfScope(
      "Accessibility is a property of the frontend's markup, audited in browsers.",
      OWNER.qa,
    ),
  },

  // Documentation
  {
    id: "docs.deployment-guide",
    section: DOCS,
    subsection: "",
    text: "Deployment guide written",
    disposition: documented(DEPLOYMENT, "First deploy of a stack"),
  },
  {
    id: "docs.environment-variables",
    section: DOCS,
    subsection: "",
    text: "Environment variables documented",
    disposition: documented("docs/environment-variables.md", "Environment variables"),
  },
  {
    id: "docs.architecture",
    section: DOCS,
    subsection: "",
    text: "Architecture documented",
    disposition: documented("docs/architecture.md", "Architecture"),
  },
  {
    id: "docs.database-schema",
    section: DOCS,
    subsection: "",
    text: "Database schema documented",
    disposition: outOfScope(
      "The tables come from the Django models and migrations; the program only owns the roles, the `app` schema and its grants (docs/architecture.md).",
      OWNER.django,
    ),
  },
  {
    id: "docs.api-endpoints",
    section: DOCS,
    subsection: "",
    text: "API endpoints documented",
    disposition: outOfScope(
      "The API is defined by the Django code, which is where its reference is generated.",
      OWNER.django,
    ),
  },
  {
    id: "docs.troubleshooting",
    section: DOCS,
    subsection: "",
    text: "Troubleshooting guide written",
    disposition: documented(OPERATIONS, "Troubleshooting"),
  },
  {
    id: "docs.emergency-procedures",
    section: DOCS,
    subsection: "",
    text: "Emergency procedures documented",
    disposition: documented(OPERATIONS, "Emergency procedures"),
  },

  // Post-Deployment
  {
    id: "post-deploy.monitor-error-logs",
    section: POST,
    subsection: "",
    text: "Monitor error logs for first 24 hours",
    disposition: documented(OPERATIONS, "The first 24 hours after a deploy"),
  },
  {
    id: "post-deploy.database-performance",
    section: POST,
    subsection: "",
    text: "Check database performance",
    disposition: ENFORCED,
  },
  {
    id: "post-deploy.verify-backups",
    section: POST,
    subsection: "",
    text: "Verify backups are working",
    disposition: ENFORCED,
  },
  {
    id: "post-deploy.critical-flows",
    section: POST,
    subsection: "",
    text: "Test all critical user flows",
    disposition: outOfScope(
      "Critical user flows are defined and tested by the application's owners.",
      OWNER.qa,
    ),
  },
  {
    id: "post-deploy.analytics",
    section: POST,
    subsection: "",
    text: "Check analytics are working",
    disposition: outOfScope("Product analytics is instrumented in the application code.", OWNER.product),
  },
  {
    id: "post-deploy.emails",
    section: POST,
    subsection: "",
    text: "Verify all emails are sending",
    disposition: outOfScope(
      "The program provisions no mail service; sending email is the application's integration with its provider.",
      OWNER.django,
    ),
  },
  {
    id: "post-deploy.benchmarks",
    section: POST,
    subsection: "",
    text: "Performance benchmarks recorded",
    disposition: documented(OPERATIONS, "Record a performance baseline"),
  },
];

export const CHECKLIST_IDS: ReadonlySet<string> = new Set(CHECKLIST_ITEMS.map((item) => item.id));

/** The seed's top-level sections in order. */
export const CHECKLIST_SECTIONS: readonly string[] = [
  ...new Set(CHECKLIST_ITEMS.map((item) => item.section)),
];

/** Who answers for an item no evidence or sign-off is needed for: the pack, the program and the runbooks. */
export const PLATFORM_OWNER = OWNER.platform;

/** The owner a missing item is listed under: the out-of-scope owner, else the platform team. */
export function ownerOf(item: ChecklistItem): string {
  return item.disposition.kind === "out-of-scope" ? item.disposition.owner : PLATFORM_OWNER;
}

/** A policy as far as traceability goes: its name and the checklist ids its own metadata names. */
export interface ChecklistNamingPolicy {
  name: string;
  checklist: readonly string[];
}

/**
 * Item id → the policies that name it, in the pack's order: the one source of "which policies
 * enforce this item" (the pack's `policies` for the docs, a gate run's PolicyInfo tags for a report).
 */
export function enforcingPolicies(
  policies: readonly ChecklistNamingPolicy[],
): ReadonlyMap<string, readonly string[]> {
  const byItem = new Map<string, string[]>();
  for (const policy of policies) {
    for (const id of policy.checklist) {
      const names = byItem.get(id) ?? [];
      if (!names.includes(policy.name)) names.push(policy.name);
      byItem.set(id, names);
    }
  }
  return byItem;
}
