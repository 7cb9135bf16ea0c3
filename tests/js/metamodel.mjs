// Print bpmn-moddle's effective type descriptors (all types, properties in order,
// property names) so the Python port in toolkit/lint/moddle can be checked against them.
import { BpmnModdle } from 'bpmn-moddle';

const moddle = new BpmnModdle();
const out = {};
for (const pkg of moddle.getPackages()) {
  for (const type of pkg.types) {
    if (type.extends && type.extends.length) continue; // traits cannot be instantiated
    const name = `${pkg.prefix}:${type.name}`;
    const d = moddle.getElementDescriptor(moddle.getType(name));
    out[name] = {
      types: d.allTypes.map((t) => t.name),
      properties: d.properties.map((p) => [p.name, p.ns.name, p.type, !!p.isMany, !!p.isReference, !!p.isAttr,
        !!p.isBody, !!p.isId, !!p.isVirtual, p.default === undefined ? null : p.default]),
      byName: Object.fromEntries(Object.entries(d.propertiesByName).map(([k, p]) => [k, p.ns.name])),
    };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
