import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { BLOCK, BlockFaults } from "../../lib/findings";
import { bool, str } from "../../lib/values";
import { containersOrSkip, MALFORMED_DEFINITIONS } from "../../lib/aws/ecs-container";

interface Config {
  allowRootUser: boolean;
}

/** `root`, `0`, `0:0`, `root:staff`: the user part names uid 0 whatever the group. */
function isRootUser(user: string): boolean {
  const uid = user.trim().split(":")[0].trim().toLowerCase();
  return uid === "root" || /^0+$/.test(uid);
}

export const ecsContainerHardening = resourcePolicy<Config>({
  name: "ecs-container-hardening",
  description:
    "Checks that every container of an ECS task definition runs hardened: a read-only root filesystem, not privileged, and as a non-root user.",
  severity: "medium",
  // No checklist item asks for container hardening; naming one would claim coverage this policy does not give.
  checklist: [],
  remediationSteps:
    'On each container set readonlyRootFilesystem: true (mount task-storage volumes for /tmp and caches: gunicorn --worker-tmp-dir /tmp, Next.js .next/cache), leave privileged unset, and set user to a non-root uid:gid (for example "1000:1000") that the image owns its files for.',
  config: {
    allowRootUser: {
      type: "boolean",
      default: false,
      description:
        "Accept containers that run as root or without an explicit user (the image's default, usually root).",
    },
  },
  judgesContainerDefinitions: true,
  appliesTo: tokensOf("taskDefinition"),
  validate({ props }, { config, violation, check }) {
    const list = containersOrSkip(props);
    if (!list) return;
    if (!list.ok) return violation(MALFORMED_DEFINITIONS);
    const faults = new BlockFaults(["container", "containers"]);
    for (const container of list.containers) {
      const where = BLOCK;
      const fail = faults.for(container.label);
      check(() => {
        if (
          bool(container.props.readonlyRootFilesystem, `${container.path}.readonlyRootFilesystem`) !== true
        ) {
          fail(`Set readonlyRootFilesystem to true on ${where}; its root filesystem is writable.`);
        }
      });
      check(() => {
        if (bool(container.props.privileged, `${container.path}.privileged`) === true) {
          fail(`Remove privileged from ${where}; it gives the container root on the host.`);
        }
      });
      check(() => {
        if (config.allowRootUser) return;
        const user = str(container.props.user, `${container.path}.user`);
        if (user === undefined || user.trim() === "") {
          fail(
            `Set user on ${where} to a non-root uid (for example 1000:1000); it is unset, so the image's default user (usually root) runs it.`,
          );
        } else if (isRootUser(user)) {
          fail(`Set user on ${where} to a non-root uid (for example 1000:1000); it runs as root.`);
        }
      });
    }
    faults.report(violation);
  },
});
