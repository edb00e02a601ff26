import { databaseParameters, parameterGroupFamily } from "../../../stacks/components/database";

describe("parameterGroupFamily", () => {
  test("derives the family from the major version", () => {
    expect(parameterGroupFamily("16.8")).toBe("postgres16");
    expect(parameterGroupFamily("15.10")).toBe("postgres15");
  });
  test("refuses versions before 14", () => {
    expect(() => parameterGroupFamily("13.4")).toThrow(
      "postgresEngineVersion must be PostgreSQL 14 or later such as 16.8; got 13.4.",
    );
  });
});

describe("databaseParameters", () => {
  const parameters = Object.fromEntries(
    databaseParameters("16.8").map((parameter) => [parameter.name, parameter]),
  );

  test("forces TLS", () => {
    expect(parameters["rds.force_ssl"].value).toBe("1");
  });

  test("preloads pg_stat_statements (a static parameter, applied at reboot)", () => {
    expect(parameters["shared_preload_libraries"]).toEqual({
      name: "shared_preload_libraries",
      value: "pg_stat_statements",
      applyMethod: "pending-reboot",
    });
  });

  test("never logs statement parameters or row values", () => {
    expect(["ddl", "none"]).toContain(parameters["log_statement"].value);
    expect(parameters["log_parameter_max_length"].value).toBe("0");
    expect(parameters["log_parameter_max_length_on_error"].value).toBe("0");
    expect(parameters["log_min_duration_statement"].value).toBe("-1");
  });

  test("static parameters are marked pending-reboot, so RDS accepts them", () => {
    const staticParameters = ["shared_preload_libraries", "pg_stat_statements.max"];
    for (const parameter of Object.values(parameters)) {
      expect(parameter.applyMethod).toBe(
        staticParameters.includes(parameter.name) ? "pending-reboot" : "immediate",
      );
    }
  });
});
