// TOOLCHAIN.md, trap 2: the schema engine's introspection selects columns of Postgres'
// internal one-byte `"char"` type (OID 18: pg_constraint.contype, pg_class.relkind, ...),
// which `@prisma/adapter-pg` has no column-type mapping for ("Column type 'char' could not
// be deserialized"). Its values are one-character strings, so we have `pg` describe them
// as `text` (OID 25) before the adapter looks at the result. `pg` builds every result
// through `Result#addFields`, so this is the one place to do it; it is installed only in
// the schema-engine process, never in the control plane.
import pg from 'pg';

const charOid = 18;
const textOid = 25;

interface FieldDescription {
  dataTypeID: number;
}

interface ResultPrototype {
  addFields: (this: ResultPrototype, fieldDescriptions: FieldDescription[]) => void;
}

interface PgWithResult {
  readonly Result: { readonly prototype: ResultPrototype };
}

let installed = false;

export function describeCharColumnsAsText(): void {
  if (installed) return;
  installed = true;
  const prototype = (pg as unknown as PgWithResult).Result.prototype;
  const addFields = prototype.addFields;
  prototype.addFields = function (
    this: ResultPrototype,
    fieldDescriptions: FieldDescription[],
  ): void {
    for (const field of fieldDescriptions) {
      if (field.dataTypeID === charOid) field.dataTypeID = textOid;
    }
    addFields.call(this, fieldDescriptions);
  };
}
