/**
 * The answers the gate gives in place of providers. Preview: a resource's state is its inputs
 * (unknown inputs stay unknown, computed outputs and ids are unknown), as in a preview of a new
 * stack. Deploy: inputs plus a plausible value for every output the resource declares, so nothing
 * is unknown, as in `pulumi up`. Data sources and stack references are answered from the user's
 * `--mocks` file first, then the built-in table; what neither answers is recorded, not invented.
 */
import { builtInAnswer, shortHash } from "./data-sources";
import { deployOutputs } from "./computed-outputs";
import { answerInvoke, MocksFile, Unanswered } from "./mocks-file";

export { ACCOUNT_ID } from "./data-sources";

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

export interface MockContext {
  preview: boolean;
  region: string;
  /** The user's --mocks answers ({} without the option). */
  answers: MocksFile;
  /** Output names the resource's SDK class declared at registration (empty when unknown). */
  declaredOutputs(type: string): readonly string[];
  /** Collects what nobody answered, for one report at the end of the run. */
  unanswered: Unanswered;
}

interface NewResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, any>;
  id?: string;
}

export function emptyUnanswered(): Unanswered {
  return { invokes: [], stackReferences: [] };
}

function stackReference(context: MockContext, args: NewResourceArgs) {
  const stack = String(args.inputs.name ?? args.id ?? args.name);
  const answer = context.answers.stackReferences?.[stack];
  if (!answer && !context.unanswered.stackReferences.some((ref) => ref.stack === stack)) {
    context.unanswered.stackReferences.push({ stack, outputs: [] });
  }
  return {
    id: stack,
    state: {
      name: stack,
      outputs: answer?.outputs ?? {},
      secretOutputNames: answer?.secretOutputNames ?? [],
    },
  };
}

export function newResource(
  context: MockContext,
  args: NewResourceArgs,
): { id: string | undefined; state: Record<string, any> } {
  if (args.type === STACK_REFERENCE_TYPE) return stackReference(context, args);
  if (context.preview) return { id: undefined, state: args.inputs };
  const id =
    args.id ||
    (args.type.startsWith("pulumi:providers:")
      ? `${args.name}-provider-id`
      : `${args.name}-${shortHash(args.type + args.name)}`);
  const computed = deployOutputs(
    args.type,
    args.name,
    args.inputs,
    context.declaredOutputs(args.type),
    context.region,
  );
  const given = context.answers.resources?.[args.type]?.outputs ?? {};
  return { id, state: { ...computed, ...args.inputs, ...given, id } };
}

/**
 * The answer to a data source: the user's, else the built-in one. Unanswered calls are recorded
 * and get an empty result, so the run goes on and every unanswered call is reported at once.
 */
export function invoke(
  context: MockContext,
  token: string,
  args: Record<string, any>,
): Record<string, unknown> {
  const answer = answerInvoke(context.answers, token, args) ?? builtInAnswer(context, token, args);
  if (answer) return answer;
  const key = JSON.stringify(args);
  if (!context.unanswered.invokes.some((call) => call.token === token && JSON.stringify(call.args) === key)) {
    context.unanswered.invokes.push({ token, args: JSON.parse(key) });
  }
  return {};
}
