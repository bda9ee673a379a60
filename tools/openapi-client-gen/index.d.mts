/** The `paths`, `components` and `operations` types openapi-fetch takes, as TypeScript source. */
export function typesFor(document: object): Promise<string>;
