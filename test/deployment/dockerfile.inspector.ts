import { DockerfileParser } from 'dockerfile-ast';
import { looksSecret } from './bus-variables.reader';

/** What the image must be: built in stages, run unprivileged with a health check, with no secret baked in. */
export function dockerfileProblems(text: string): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const problems: string[] = [];
  const froms = dockerfile.getFROMs();
  if (froms.length < 2) problems.push('not multi-stage: the runtime stage must not carry the build tools');
  const finalStageLine = froms.at(-1)?.getRange().start.line ?? 0;
  const finalStage = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= finalStageLine);
  const keyword = (name: string) => finalStage.filter((i) => i.getKeyword() === name);

  const users = keyword('USER').map((i) => (i.getArgumentsContent() ?? '').trim());
  const lastUser = users.at(-1)?.split(':')[0];
  if (lastUser === undefined) problems.push('the final stage sets no USER: it would run as root');
  else if (lastUser === 'root' || lastUser === '0') problems.push(`the final stage runs as ${lastUser}`);

  const healthchecks = keyword('HEALTHCHECK').map((i) => i.getArgumentsContent() ?? '');
  if (healthchecks.length === 0) problems.push('the final stage has no HEALTHCHECK');
  else if (!healthchecks.some((content) => content.includes('/health/live')))
    problems.push('the HEALTHCHECK does not ask /health/live');

  const runs = keyword('RUN').map((i) => i.getArgumentsContent() ?? '');
  if (!runs.some((content) => /npm ci\b.*--omit=dev/.test(content)))
    problems.push('the final stage does not install production dependencies only (npm ci --omit=dev)');

  // ENV and ARG anywhere: a build stage's values stay in the image history too.
  for (const env of dockerfile.getENVs()) {
    for (const property of env.getProperties()) {
      if (looksSecret(property.getName()) && property.getValue())
        problems.push(`ENV ${property.getName()} bakes a secret into the image`);
    }
  }
  for (const arg of dockerfile.getARGs()) {
    const property = arg.getProperty();
    if (property && looksSecret(property.getName()) && property.getValue())
      problems.push(`ARG ${property.getName()} has a secret default`);
  }
  return problems;
}

/** The base images, with ARG defaults resolved (`FROM ${NODE_IMAGE}`). */
export function baseImages(text: string): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const defaults = new Map(
    dockerfile
      .getInitialARGs()
      .flatMap((arg) => {
        const property = arg.getProperty();
        return property ? [[property.getName(), property.getValue() ?? '']] : [];
      })
      .map(([name, value]) => [name, value] as const),
  );
  return dockerfile
    .getFROMs()
    .map((from) =>
      (from.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => defaults.get(name) ?? ''),
    );
}
