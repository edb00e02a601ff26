import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import { spec } from "../database/rds-fixtures";

const POLICY = "pg-role-least-privilege";
const baseline = {
  name: "app",
  login: true,
  superuser: false,
  createRole: false,
  createDatabase: false,
  replication: false,
  bypassRowLevelSecurity: false,
  password: UNKNOWN,
};
const role = (changes: Record<string, unknown> = {}) =>
  spec("postgresql:index/role:Role", "role-app", baseline, changes);

describe(POLICY, () => {
  it("passes a role without elevated attributes (explicit false or unset)", async () => {
    expect(
      findingsOf(
        await analyze([
          role(),
          spec("postgresql:index/role:Role", "role-readonly", { name: "readonly", login: false }),
        ]),
        POLICY,
      ),
    ).toEqual([]);
  });

  it.each([["superuser"], ["createRole"], ["createDatabase"], ["replication"], ["bypassRowLevelSecurity"]])(
    "fails %s true",
    async (attribute) => {
      expect(findingsOf(await analyze([role({ [attribute]: true })]), POLICY)).toEqual([
        [
          "violation",
          "mandatory",
          "role-app",
          `Set ${attribute} to false; only roles listed in adminRoles may hold it.`,
        ],
      ]);
    },
  );

  it("lists every elevated attribute in one finding", async () => {
    expect(findingsOf(await analyze([role({ superuser: "true", createRole: true })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "role-app",
        "Set superuser, createRole to false; only roles listed in adminRoles may hold them.",
      ],
    ]);
  });

  it("fails membership of rds_superuser", async () => {
    expect(findingsOf(await analyze([role({ roles: ["readonly", "RDS_SUPERUSER"] })]), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "role-app",
        "Remove rds_superuser from roles; only roles listed in adminRoles may be members of it.",
      ],
    ]);
  });

  it("exempts roles listed in adminRoles", async () => {
    const config = { all: "mandatory", [POLICY]: { adminRoles: ["platform_admin"] } };
    const admin = role({ name: "platform_admin", createRole: true, roles: ["rds_superuser"] });
    expect(findingsOf(await analyze([admin], { config }), POLICY)).toEqual([]);
    expect(findingsOf(await analyze([role({ createRole: true })], { config }), POLICY)).toEqual([
      [
        "violation",
        "mandatory",
        "role-app",
        "Set createRole to false; only roles listed in adminRoles may hold it.",
      ],
    ]);
  });

  it("honours privilegedRoles", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { privilegedRoles: ["rds_superuser", "pg_write_server_files"] },
    };
    expect(
      findingsOf(await analyze([role({ roles: ["pg_write_server_files"] })], { config }), POLICY),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "role-app",
        "Remove pg_write_server_files from roles; only roles listed in adminRoles may be members of it.",
      ],
    ]);
  });

  it("reports unknown attributes as unverified and still reports the known ones", async () => {
    expect(findingsOf(await analyze([role({ superuser: UNKNOWN, replication: true })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "role-app",
        "[unverified at preview] superuser is not known until deploy; enforced at deploy.",
      ],
      [
        "violation",
        "mandatory",
        "role-app",
        "Set replication to false; only roles listed in adminRoles may hold it.",
      ],
    ]);
  });

  it("reports an unknown name as unverified when only the name could exempt the role", async () => {
    expect(findingsOf(await analyze([role({ name: UNKNOWN, createDatabase: true })]), POLICY)).toEqual([
      [
        "unverified",
        "advisory",
        "role-app",
        "[unverified at preview] name is not known until deploy; enforced at deploy.",
      ],
    ]);
  });

  it("does not read an unknown name when nothing needs exempting", async () => {
    expect(findingsOf(await analyze([role({ name: UNKNOWN })]), POLICY)).toEqual([]);
  });
});
