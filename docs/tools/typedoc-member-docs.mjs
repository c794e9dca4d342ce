// @ts-check
/**
 * TypeDoc plugin: every property of an exported interface or class of this package must have a
 * comment, as every named export must (typedoc's own `notDocumented` check, configured in
 * typedoc.json, covers those).
 *
 * Why not list "Property" in `requiredToBeDocumented`: typedoc then also demands comments on the
 * properties of anonymous object types it expands inline, such as the fields of the types zod
 * infers (`z.output<typeof DoctorSchema>` repeated wherever a `Doctor` appears) and the keys of
 * mapped types, which no source comment can reach. This check keeps the rule where a comment can
 * be written.
 */
import { Application, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    if (!app.options.getValue('validation').notDocumented) return;
    for (const reflection of project.getReflectionsByKind(ReflectionKind.Property)) {
      const parent = reflection.parent;
      if (!parent || !parent.kindOf(ReflectionKind.Interface | ReflectionKind.Class)) continue;
      if (reflection.hasComment()) continue;
      const symbol = project.getSymbolIdFromReflection(reflection);
      if (!symbol || symbol.packageName !== project.packageName) continue;
      app.logger.warn(`${reflection.getFriendlyFullName()} (Property of ${ReflectionKind[parent.kind]}), defined in ${symbol.fileName}, does not have any documentation`);
    }
  });
}
