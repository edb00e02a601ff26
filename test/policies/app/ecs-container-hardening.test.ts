import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { ContainerDefinition, djangoContainer, nextjsContainer, task } from "./fixtures";

const POLICY = "ecs-container-hardening";
const fails = (message: string) => ["violation", "mandatory", "app", message];
const run = async (containers: ContainerDefinition[], config?: Record<string, unknown>) =>
  findingsOf(
    await analyze([task(containers)], config ? { config: { all: "mandatory", [POLICY]: config } } : {}),
    POLICY,
  );
const ROOT = "Set user on container django to a non-root uid (for example 1000:1000); it runs as root.";

describe(POLICY, () => {
  it("passes read-only, unprivileged, non-root containers", async () => {
    expect(await run([djangoContainer(), nextjsContainer()])).toEqual([]);
  });

  it.each([false, undefined])("fails readonlyRootFilesystem %s", async (readonlyRootFilesystem) => {
    expect(await run([djangoContainer({ readonlyRootFilesystem })])).toEqual([
      fails("Set readonlyRootFilesystem to true on container django; its root filesystem is writable."),
    ]);
  });

  it("reports one finding per fault for the whole task, naming every container that has it", async () => {
    const worker = djangoContainer({ name: "worker", user: "root", readonlyRootFilesystem: false });
    expect(
      (
        await run([
          djangoContainer({ user: "0" }),
          worker,
          nextjsContainer({ readonlyRootFilesystem: false }),
        ])
      ).sort(),
    ).toEqual([
      fails(
        "Set readonlyRootFilesystem to true on containers worker and nextjs; its root filesystem is writable.",
      ),
      fails(
        "Set user on containers django and worker to a non-root uid (for example 1000:1000); it runs as root.",
      ),
    ]);
  });

  it("fails a privileged container", async () => {
    expect(await run([djangoContainer({ privileged: true })])).toEqual([
      fails("Remove privileged from container django; it gives the container root on the host."),
    ]);
  });

  it("fails a container without a user", async () => {
    expect(await run([djangoContainer({ user: undefined })])).toEqual([
      fails(
        "Set user on container django to a non-root uid (for example 1000:1000); it is unset, so the image's default user (usually root) runs it.",
      ),
    ]);
  });

  it.each(["root", "0", "0:0", "root:root", "0:1000"])("fails user %s", async (user) => {
    expect(await run([djangoContainer({ user })])).toEqual([fails(ROOT)]);
  });

  it("lets config allow root", async () => {
    expect(
      await run([djangoContainer({ user: "root" }), nextjsContainer({ user: undefined })], {
        allowRootUser: true,
      }),
    ).toEqual([]);
  });

  it("judges each container on its own", async () => {
    expect(await run([djangoContainer({ user: "0" }), nextjsContainer({ privileged: true })])).toEqual([
      fails("Remove privileged from container nextjs; it gives the container root on the host."),
      fails(ROOT),
    ]);
  });

  it("leaves definitions built from outputs to ecs-logging's one finding", async () => {
    expect(findingsOf(await analyze([task(UNKNOWN)]), POLICY)).toEqual([]);
  });
});
