/** The routes, parameters and body fields of the served OpenAPI document, flattened for the fuzzer. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}
interface Parameter { name: string; in: 'path' | 'query' | 'header'; required?: boolean }
export interface Schema {
  $ref?: string; type?: string; format?: string; enum?: unknown[]; maxLength?: number; example?: unknown;
  properties?: Record<string, Schema>; required?: string[]; items?: Schema;
}

/** A field of a request body: its path from the root ('buyer.name', 'lots.0.title'), its schema and whether it is required. */
export interface BodyField {
  readonly path: readonly (string | number)[];
  readonly schema: Schema;
  readonly required: boolean;
}

export interface Operation {
  readonly method: string;
  /** OpenAPI template, e.g. /markets/{marketId}/tracking */
  readonly template: string;
  readonly pathParams: string[];
  readonly queryParams: { name: string; required: boolean }[];
  readonly headerParams: string[];
  readonly bodySchema?: Schema;
  readonly fields: BodyField[];
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()!]) : schema);
  const fieldsOf = (schema: Schema, path: (string | number)[]): BodyField[] => {
    const object = resolve(schema);
    return Object.entries(object.properties ?? {}).flatMap(([name, raw]) => {
      const property = resolve(raw);
      const here = [...path, name];
      const field: BodyField = { path: here, schema: property, required: (object.required ?? []).includes(name) };
      if (property.type === 'array' && property.items) {
        const item = resolve(property.items);
        return [field, ...(item.properties ? fieldsOf(item, [...here, 0]) : [{ path: [...here, 0], schema: item, required: false }])];
      }
      return [field, ...(property.properties ? fieldsOf(property, here) : [])];
    });
  };
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const raw = op.requestBody?.content['application/json']?.schema;
      const bodySchema = raw ? resolve(raw) : undefined;
      return {
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required })),
        headerParams: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        bodySchema,
        fields: bodySchema ? fieldsOf(bodySchema, []) : [],
      };
    }),
  );
}

/** A body built from the schema's examples (first enum value, else a plausible value by type): the base the fuzzer breaks. */
export function exampleOf(schema: Schema, doc: OpenApiDocument): unknown {
  const s = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema;
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, exampleOf(v, doc)]));
  if (s.type === 'array') return s.items ? [exampleOf(s.items, doc)] : [];
  if (s.type === 'number' || s.type === 'integer') return 1;
  if (s.type === 'boolean') return true;
  return s.format === 'date' ? '2026-06-15' : 'x';
}
