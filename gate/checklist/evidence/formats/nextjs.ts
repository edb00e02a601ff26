/**
 * Next.js `.next/required-server-files.json`: `next build` writes the resolved next.config into it
 * after compiling and type checking, before it collects page data and prerenders. So it shows the
 * settings the production server runs with and that type checking passed (unless the config told the
 * build to ignore type errors), but not that the build completed.
 */
import { shown } from "../redaction";
import { Claim, isObject, MalformedEvidence, objectsIn, Reading } from "./reading";

export function isRequiredServerFiles(document: Record<string, unknown>): boolean {
  return typeof document.version === "number" && isObject(document.config) && Array.isArray(document.files);
}

const LOCAL_HOST = /^(localhost|127\.|0\.0\.0\.0|\[?::1\]?$|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/i;
const ANY_HOST = /^\*\*?$/;

interface RemoteHost {
  host: string;
  https: boolean;
}

function remoteHosts(images: Record<string, unknown>): RemoteHost[] {
  const patterns = objectsIn(images.remotePatterns).map((pattern) => ({
    host: typeof pattern.hostname === "string" ? pattern.hostname : "",
    https: pattern.protocol === "https",
  }));
  // images.domains (deprecated) allows both http and https.
  const domains = Array.isArray(images.domains)
    ? images.domains.filter((d): d is string => typeof d === "string").map((host) => ({ host, https: false }))
    : [];
  return [...patterns, ...domains];
}

function remotePatternsClaim(images: Record<string, unknown>): Claim {
  const item = "frontend.performance.image-remote-patterns";
  const hosts = remoteHosts(images);
  const fact = (text: string) => `next.config images: ${text}`;
  if (hosts.length === 0) {
    return { item, result: "fail", fact: fact("no remotePatterns, so no backend or CDN image is optimised") };
  }
  const anyHost = hosts.find((h) => h.host === "" || ANY_HOST.test(h.host));
  if (anyHost) return { item, result: "fail", fact: fact("a remote pattern allows any host") };
  const local = hosts.find((h) => LOCAL_HOST.test(h.host));
  if (local)
    return {
      item,
      result: "fail",
      fact: fact(`a remote pattern allows ${shown(local.host, 60)}, a local address`),
    };
  const plain = hosts.find((h) => !h.https);
  if (plain) {
    return {
      item,
      result: "fail",
      fact: fact(`${shown(plain.host, 60)} is allowed over plain http (set protocol: "https")`),
    };
  }
  const list = [...new Set(hosts.map((h) => `https://${shown(h.host, 60)}`))].join(", ");
  return { item, result: "pass", fact: fact(`remotePatterns allow ${list}`) };
}

export function readRequiredServerFiles(document: Record<string, unknown>): Reading {
  const config = document.config as Record<string, unknown>;
  const images = config.images;
  if (!isObject(images)) throw new MalformedEvidence("required-server-files.json without config.images");
  const claims: Claim[] = [];

  if (typeof config.productionBrowserSourceMaps === "boolean") {
    claims.push({
      item: "frontend.build.no-browser-source-maps",
      result: config.productionBrowserSourceMaps ? "fail" : "pass",
      fact: `next.config: productionBrowserSourceMaps ${config.productionBrowserSourceMaps}`,
    });
  }
  claims.push(remotePatternsClaim(images));
  claims.push({
    item: "frontend.performance.image-optimization",
    result: images.unoptimized === true ? "fail" : "pass",
    fact:
      images.unoptimized === true
        ? "next.config images: unoptimized true (next/image serves originals)"
        : `next.config images: optimised by the ${typeof images.loader === "string" ? shown(images.loader, 30) : "default"} loader${Array.isArray(images.formats) ? ` as ${shown(images.formats.filter((f) => typeof f === "string").join(", "), 60)}` : ""}`,
  });
  // Next.js 15 removed swcMinify (always on); where it is absent the file says nothing about it.
  if (typeof config.swcMinify === "boolean") {
    claims.push({
      item: "frontend.build.minified",
      result: config.swcMinify ? "pass" : "fail",
      fact: `next.config: swcMinify ${config.swcMinify}`,
    });
  }
  const typescript = isObject(config.typescript) ? config.typescript : {};
  if (typescript.ignoreBuildErrors === false) {
    claims.push({
      item: "frontend.build.no-typescript-errors",
      result: "pass",
      fact: "next build type-checked the app before writing required-server-files.json (typescript.ignoreBuildErrors false)",
    });
  }
  const notes = [
    `poweredByHeader ${config.poweredByHeader === false ? "false" : "true"}`,
    `compress ${config.compress === false ? "false" : "true"}`,
    typescript.ignoreBuildErrors === true ? "type errors ignored by the build" : "",
  ].filter(Boolean);
  return {
    message: `Next.js required-server-files.json: the resolved next.config (${notes.join(", ")}); it cannot show the build finished (written before prerendering)`,
    claims,
  };
}
