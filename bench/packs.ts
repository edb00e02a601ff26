/** The packs measured side by side: ours (built, as published), the published AWS pack, and the floor. */
import * as path from "path";

export const PACKS = {
  prodready: path.resolve(__dirname, "../policies"),
  awsguard: path.resolve(__dirname, "peers/awsguard"),
  floor: path.resolve(__dirname, "packs/empty"),
} as const;

export type PackName = keyof typeof PACKS;
