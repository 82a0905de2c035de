import type { ServiceSpec } from '../compose/types.js';
import { ComposeLabel, IshLabel } from '../labels.js';
import { toolVersion } from '../version.js';
import type { StackContext } from './stack-context.js';

/** Labels every project resource carries: compose's project label plus our managed marker. */
export function projectLabels(project: string): Record<string, string> {
  return { [ComposeLabel.project]: project, [IshLabel.managed]: 'true', [IshLabel.toolVersion]: toolVersion };
}

/** The full label set of a service's container: compose-compatible identity, hash, and the user's labels. */
export function containerLabels(ctx: StackContext, service: ServiceSpec, hash: string, imageId: string): Record<string, string> {
  return {
    ...service.labels,
    ...projectLabels(ctx.project),
    [ComposeLabel.service]: service.name,
    [ComposeLabel.configHash]: hash,
    [ComposeLabel.containerNumber]: '1',
    [ComposeLabel.oneoff]: 'False',
    [ComposeLabel.workingDir]: ctx.stack.workingDir,
    [ComposeLabel.configFiles]: ctx.stack.composeFile,
    [ComposeLabel.dependsOn]: service.dependsOn.map((d) => `${d.service}:${d.condition}:false`).join(','),
    [ComposeLabel.image]: imageId,
  };
}
