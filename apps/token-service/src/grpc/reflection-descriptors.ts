import type { AnyDefinition, EnumTypeDefinition, MessageTypeDefinition, PackageDefinition } from '@grpc/proto-loader';
import descriptor, { type IDescriptorProto, type IFieldDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor/index.js';

// proto-loader's file descriptors come from protobufjs, which departs from protoc in two ways that strict readers
// (protobuf-go, under grpcurl and most Go tooling) refuse or may misread: a map field's entry type is named
// `Statuses` where protoc names it `StatusesEntry`, and type references are relative (`User`) where protoc writes them
// fully qualified (`.tessera.v1.User`). Reflection serves the descriptors as given, so they are rewritten first.

/** The entry type protoc declares for a map field: `statuses` -> `StatusesEntry`, `by_user_id` -> `ByUserIdEntry`. */
export function mapEntryName(fieldName: string): string {
  return `${fieldName
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Entry`;
}

/** The files with protoc's map entry names and fully qualified type references; the input is left untouched. */
export function withProtocConventions(files: readonly IFileDescriptorProto[]): IFileDescriptorProto[] {
  const renamed = files.map((file) => ({ ...file, messageType: file.messageType?.map(renameMapEntries) }));
  const symbols = new Set<string>();
  for (const file of renamed) {
    const prefix = file.package ? `.${file.package}` : '';
    for (const message of file.messageType ?? []) collectSymbols(message, prefix, symbols);
    for (const enumType of file.enumType ?? []) symbols.add(`${prefix}.${enumType.name}`);
  }
  return renamed.map((file) => {
    const prefix = file.package ? `.${file.package}` : '';
    const qualify = (name: string | undefined, scope: string) => (name === undefined || name === '' ? name : resolve(name, scope, symbols));
    const qualifyField = (field: IFieldDescriptorProto, scope: string) => ({ ...field, typeName: qualify(field.typeName, scope), extendee: qualify(field.extendee, scope) });
    const qualifyMessage = (message: IDescriptorProto, scope: string): IDescriptorProto => {
      const own = `${scope}.${message.name}`;
      return {
        ...message,
        field: message.field?.map((field) => qualifyField(field, own)),
        extension: message.extension?.map((field) => qualifyField(field, own)),
        nestedType: message.nestedType?.map((nested) => qualifyMessage(nested, own)),
      };
    };
    return {
      ...file,
      messageType: file.messageType?.map((message) => qualifyMessage(message, prefix)),
      extension: file.extension?.map((field) => qualifyField(field, prefix)),
      service: file.service?.map((service) => ({
        ...service,
        method: service.method?.map((method) => ({
          ...method,
          inputType: qualify(method.inputType, `${prefix}.${service.name}`),
          outputType: qualify(method.outputType, `${prefix}.${service.name}`),
        })),
      })),
    };
  });
}

/** A package definition whose file descriptors follow protoc's conventions, for the reflection service. */
export function reflectionPackageDefinition(definition: PackageDefinition): PackageDefinition {
  const { FileDescriptorProto } = descriptor;
  const fileBytes = (entry: AnyDefinition) => (describesType(entry) ? entry.fileDescriptorProtos : []);
  const originals = [...new Set(Object.values(definition).flatMap(fileBytes))];
  const decoded = originals.map((bytes) => FileDescriptorProto.toObject(FileDescriptorProto.decode(bytes)) as IFileDescriptorProto);
  // Every entry carries every file of its load; reflection keeps the first file of each name, and so does this.
  const files = new Map<string | undefined, IFileDescriptorProto>();
  for (const file of decoded) if (!files.has(file.name)) files.set(file.name, file);
  const rewritten = new Map(withProtocConventions([...files.values()]).map((file) => [file.name, Buffer.from(FileDescriptorProto.encode(file).finish())]));
  const replacement = new Map(originals.map((bytes, index) => [bytes, rewritten.get(decoded[index]!.name) ?? bytes]));
  return Object.fromEntries(
    Object.entries(definition).map(([name, entry]) => [
      name,
      describesType(entry) ? { ...entry, fileDescriptorProtos: entry.fileDescriptorProtos.map((bytes) => replacement.get(bytes) ?? bytes) } : entry,
    ]),
  );
}

// A service definition is a record of its methods; message and enum definitions say what they are in `format`.
function describesType(entry: AnyDefinition): entry is MessageTypeDefinition<object, object> | EnumTypeDefinition {
  return typeof entry.format === 'string';
}

function renameMapEntries(message: IDescriptorProto): IDescriptorProto {
  const entryNames = new Map<string, string>();
  for (const field of message.field ?? []) {
    const entry = message.nestedType?.find((nested) => nested.options?.mapEntry && nested.name === field.typeName);
    if (entry?.name && field.name) entryNames.set(entry.name, mapEntryName(field.name));
  }
  return {
    ...message,
    field: message.field?.map((field) => {
      const renamed = field.typeName === undefined ? undefined : entryNames.get(field.typeName);
      return renamed === undefined ? field : { ...field, typeName: renamed };
    }),
    nestedType: message.nestedType?.map((nested) => {
      const renamed = nested.name === undefined ? undefined : entryNames.get(nested.name);
      return renameMapEntries(renamed === undefined ? nested : { ...nested, name: renamed });
    }),
  };
}

function collectSymbols(message: IDescriptorProto, scope: string, symbols: Set<string>) {
  const own = `${scope}.${message.name}`;
  symbols.add(own);
  for (const nested of message.nestedType ?? []) collectSymbols(nested, own, symbols);
  for (const enumType of message.enumType ?? []) symbols.add(`${own}.${enumType.name}`);
}

/** protoc's scoping: a relative name is looked up in the innermost enclosing scope first, then outwards. */
function resolve(name: string, scope: string, symbols: ReadonlySet<string>): string {
  if (name.startsWith('.')) return name;
  for (let outer = scope; ; outer = outer.slice(0, Math.max(0, outer.lastIndexOf('.')))) {
    if (symbols.has(`${outer}.${name}`)) return `${outer}.${name}`;
    if (outer === '') throw new Error(`type ${name} referenced from ${scope} is not declared in the package definition`);
  }
}
