import { analyze, findingsOf, ResourceSpec, UNKNOWN } from "../../helpers/pack";

const POLICY = "alb-https-only";
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const httpListener = (
  props: Record<string, unknown> = {},
  type = "aws:lb/listener:Listener",
): ResourceSpec => ({
  type,
  name: "http",
  props: { loadBalancerArn: UNKNOWN, port: 80, protocol: "HTTP", defaultActions: [redirect], ...props },
});
const httpsListener = (
  props: Record<string, unknown> = {},
  type = "aws:lb/listener:Listener",
): ResourceSpec => ({
  type,
  name: "https",
  props: {
    loadBalancerArn: UNKNOWN,
    port: 443,
    protocol: "HTTPS",
    certificateArn: UNKNOWN,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
    ...props,
  },
});
const run = async (specs: ResourceSpec[], config?: Record<string, unknown>) =>
  findingsOf(await analyze(specs, config ? { config } : {}), POLICY);

describe(POLICY, () => {
  it("passes an HTTP listener that redirects to HTTPS and an HTTPS listener with a TLS 1.3 policy", async () => {
    expect(await run([httpListener(), httpsListener()])).toEqual([]);
  });

  it("covers aws.alb listeners too", async () => {
    expect(
      await run([
        httpListener(
          { defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
          "aws:alb/listener:Listener",
        ),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Make defaultActions[0] of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); it is forward.",
      ],
    ]);
    expect(
      await run([httpsListener({ sslPolicy: "ELBSecurityPolicy-2016-08" }, "aws:alb/listener:Listener")]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "https",
        "Set sslPolicy on this HTTPS listener to an allowed policy such as ELBSecurityPolicy-TLS13-1-2-2021-06; it is ELBSecurityPolicy-2016-08.",
      ],
    ]);
  });

  it("fails an HTTP listener that forwards", async () => {
    expect(
      await run([httpListener({ defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] })]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Make defaultActions[0] of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); it is forward.",
      ],
    ]);
  });

  it("treats an unset protocol as the provider's default, HTTP", async () => {
    const { protocol: _omit, ...props } = httpListener({
      defaultActions: [
        { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } },
      ],
    }).props;
    expect(await run([{ type: "aws:lb/listener:Listener", name: "http", props }])).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Make defaultActions[0] of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); it is fixed-response.",
      ],
    ]);
  });

  it("fails a redirect that keeps the request's protocol", async () => {
    expect(
      await run([
        httpListener({
          defaultActions: [{ type: "redirect", redirect: { port: "443", statusCode: "HTTP_301" } }],
        }),
      ]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Set defaultActions[0].redirect.protocol to HTTPS; it is unset, which keeps the request's protocol.",
      ],
    ]);
    expect(
      await run([
        httpListener({
          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } }],
        }),
      ]),
    ).toEqual([
      ["violation", "mandatory", "http", "Set defaultActions[0].redirect.protocol to HTTPS; it is HTTP."],
    ]);
  });

  it("fails an HTTP listener without default actions", async () => {
    expect(await run([httpListener({ defaultActions: [] })])).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Give this HTTP listener a default action that redirects to HTTPS (type redirect, redirect.protocol HTTPS).",
      ],
    ]);
  });

  it("fails an HTTPS listener without sslPolicy (the provider default is ELBSecurityPolicy-2016-08)", async () => {
    const { sslPolicy: _omit, ...props } = httpsListener().props;
    expect(await run([{ type: "aws:lb/listener:Listener", name: "https", props }])).toEqual([
      [
        "violation",
        "mandatory",
        "https",
        "Set sslPolicy on this HTTPS listener to an allowed policy such as ELBSecurityPolicy-TLS13-1-2-2021-06; it is unset, which the provider treats as ELBSecurityPolicy-2016-08.",
      ],
    ]);
  });

  it("checks the security policy of an NLB TLS listener and ignores TCP listeners", async () => {
    expect(
      await run([httpsListener({ protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" })]),
    ).toEqual([
      [
        "violation",
        "mandatory",
        "https",
        "Set sslPolicy on this TLS listener to an allowed policy such as ELBSecurityPolicy-TLS13-1-2-2021-06; it is ELBSecurityPolicy-TLS-1-1-2017-01.",
      ],
    ]);
    const { sslPolicy: _omit, ...tcp } = httpsListener({ protocol: "TCP" }).props;
    expect(await run([{ type: "aws:lb/listener:Listener", name: "tcp", props: tcp }])).toEqual([]);
  });

  it("accepts the post-quantum and FIPS TLS 1.3 policies", async () => {
    for (const sslPolicy of [
      "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
      "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
      "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    ]) {
      expect(await run([httpsListener({ sslPolicy })])).toEqual([]);
    }
  });

  it("honours a configured policy list", async () => {
    const config = {
      all: "mandatory",
      [POLICY]: { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] },
    };
    expect(await run([httpsListener()], config)).toEqual([
      [
        "violation",
        "mandatory",
        "https",
        "Set sslPolicy on this HTTPS listener to an allowed policy such as ELBSecurityPolicy-TLS13-1-3-2021-06; it is ELBSecurityPolicy-TLS13-1-2-Res-2021-06.",
      ],
    ]);
  });

  it("reports unknown values as unverified, not passed", async () => {
    expect(await run([httpsListener({ sslPolicy: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "https",
        "[unverified at preview] sslPolicy is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(await run([httpListener({ protocol: UNKNOWN })])).toEqual([
      [
        "unverified",
        "advisory",
        "http",
        "[unverified at preview] protocol is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(
      await run([
        httpListener({
          defaultActions: [{ type: "redirect", redirect: { protocol: UNKNOWN } }, { type: "forward" }],
        }),
      ]),
    ).toEqual([
      [
        "unverified",
        "advisory",
        "http",
        "[unverified at preview] defaultActions[0].redirect.protocol is not known until deploy; enforced at deploy.",
      ],
      [
        "violation",
        "mandatory",
        "http",
        "Make defaultActions[1] of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); it is forward.",
      ],
    ]);
  });

  it("does not crash on odd input", async () => {
    expect(await run([httpListener({ defaultActions: [null, 3] })])).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Make defaultActions[0] (unset) and defaultActions[1] (unset) of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); they are not redirects.",
      ],
    ]);
  });

  it("reports one finding per listener and fault, naming every default action at fault", async () => {
    const actions = [
      { type: "forward", targetGroupArn: UNKNOWN },
      { type: "redirect", redirect: { protocol: "HTTP", port: "80", statusCode: "HTTP_301" } },
      { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
      { type: "redirect", redirect: { port: "443", statusCode: "HTTP_301" } },
    ];
    expect((await run([httpListener({ defaultActions: actions })])).sort()).toEqual([
      [
        "violation",
        "mandatory",
        "http",
        "Make defaultActions[0] (forward) and defaultActions[2] (fixed-response) of this HTTP listener a redirect to HTTPS (type redirect, redirect.protocol HTTPS); they are not redirects.",
      ],
      [
        "violation",
        "mandatory",
        "http",
        "Set defaultActions[1].redirect.protocol (HTTP) and defaultActions[3].redirect.protocol (unset, which keeps the request's protocol) to HTTPS; they are not HTTPS.",
      ],
    ]);
  });
});
