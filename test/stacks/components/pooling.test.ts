import { instanceMemoryGib, poolLimits } from "../../../stacks/components/pooling";

describe("instanceMemoryGib", () => {
  test.each([
    ["db.t4g.micro", 1],
    ["db.t4g.small", 2],
    ["db.t4g.medium", 4],
    ["db.m7g.large", 8],
    ["db.m6g.2xlarge", 32],
    ["db.r6g.large", 16],
    ["db.r7g.4xlarge", 128],
  ])("%s has %i GiB", (instanceClass, memory) => {
    expect(instanceMemoryGib(instanceClass)).toBe(memory);
  });
  test("refuses unknown classes", () => {
    expect(() => instanceMemoryGib("db.x2g.large")).toThrow(
      "databaseInstanceClass must be a db.t*, db.m* or db.r* class such as db.m7g.large; got db.x2g.large.",
    );
  });
});

describe("poolLimits", () => {
  test("follows RDS's max_connections formula and keeps a reserve for administrators", () => {
    const limits = poolLimits({ instanceClass: "db.m7g.large", maxDjangoTasks: 12, workersPerTask: 3 });
    expect(limits.maxConnections).toBe(Math.floor((8 * 1024 ** 3 * 0.9) / 9531392));
    expect(limits.reservedConnections).toBe(Math.ceil(limits.maxConnections * 0.1));
    expect(limits.proxyMaxConnectionsPercent).toBe(89);
    expect(limits.proxyMaxIdleConnectionsPercent).toBe(44);
  });

  test("every pgBouncer together stays under max_connections minus the reserve", () => {
    for (const instanceClass of ["db.t4g.micro", "db.t4g.small", "db.m7g.large", "db.r6g.2xlarge"]) {
      for (const maxDjangoTasks of [1, 2, 5, 20]) {
        const limits = poolLimits({ instanceClass, maxDjangoTasks, workersPerTask: 5 });
        expect(limits.pgbouncerDefaultPoolSize * maxDjangoTasks).toBeLessThanOrEqual(
          limits.maxConnections - limits.reservedConnections,
        );
        expect(limits.pgbouncerDefaultPoolSize).toBeGreaterThanOrEqual(1);
        expect(limits.pgbouncerDefaultPoolSize).toBeLessThanOrEqual(5);
      }
    }
  });

  test("the proxy never takes the administrators' reserve", () => {
    const limits = poolLimits({ instanceClass: "db.t4g.micro", maxDjangoTasks: 2, workersPerTask: 2 });
    expect((limits.maxConnections * limits.proxyMaxConnectionsPercent) / 100).toBeLessThanOrEqual(
      limits.maxConnections - limits.reservedConnections,
    );
  });

  test("refuses more tasks than the instance has connections for", () => {
    expect(() =>
      poolLimits({ instanceClass: "db.t4g.micro", maxDjangoTasks: 500, workersPerTask: 3 }),
    ).toThrow(
      /^databaseInstanceClass db\.t4g\.micro allows \d+ application connections, fewer than djangoMaxCount \(500\); choose a larger class or fewer tasks\.$/,
    );
  });
});
