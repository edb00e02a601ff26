import { alarmThresholds } from "../../../stacks/components/monitoring";

test("thresholds scale with the database", () => {
  expect(alarmThresholds({ allocatedStorageGb: 100, maxConnections: 811 })).toEqual({
    databaseCpuPercent: 80,
    databaseFreeStorageBytes: 10737418240,
    databaseConnections: 648,
    http5xxPerMinute: 10,
    pinnedSessions: 10,
  });
});

test("refuses a database without size", () => {
  expect(() => alarmThresholds({ allocatedStorageGb: 0, maxConnections: 10 })).toThrow(
    "allocatedStorageGb and maxConnections must be positive; got 0 and 10.",
  );
});
