import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromJSON, loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import descriptor, { type IDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor/index.js';
import { loadTesseraProto } from '@tessera/contracts';
import { mapEntryName, reflectionPackageDefinition, withProtocConventions } from './reflection-descriptors.ts';

/** The files reflection would serve for a package definition, decoded, by name. */
function servedFiles(definition: PackageDefinition): Map<string, IFileDescriptorProto> {
  const files = new Map<string, IFileDescriptorProto>();
  for (const entry of Object.values(definition)) {
    for (const bytes of 'fileDescriptorProtos' in entry && Array.isArray(entry.fileDescriptorProtos) ? entry.fileDescriptorProtos : []) {
      const file = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(bytes)) as IFileDescriptorProto;
      files.set(file.name!, file);
    }
  }
  return files;
}

const message = (file: IFileDescriptorProto | undefined, name: string): IDescriptorProto => {
  const found = file?.messageType?.find((candidate) => candidate.name === name);
  assert.ok(found, `message ${name}`);
  return found;
};

function typeReferences(file: IFileDescriptorProto): string[] {
  const ofMessage = (declared: IDescriptorProto): string[] => [
    ...(declared.field ?? []).flatMap((field) => (field.typeName ? [field.typeName] : [])),
    ...(declared.nestedType ?? []).flatMap(ofMessage),
  ];
  return [
    ...(file.messageType ?? []).flatMap(ofMessage),
    ...(file.service ?? []).flatMap((service) => (service.method ?? []).flatMap((method) => [method.inputType!, method.outputType!])),
  ];
}

describe('reflection descriptors follow protoc, as protobuf-go (grpcurl) requires', () => {
  it('names map entries as protoc does: the field in CamelCase, then Entry', () => {
    assert.equal(mapEntryName('statuses'), 'StatusesEntry');
    assert.equal(mapEntryName('by_user_id'), 'ByUserIdEntry');
    assert.equal(mapEntryName('labels_v2'), 'LabelsV2Entry');
  });

  it("serves the health service's map field with the entry type StatusesEntry, referenced by its full name", () => {
    const health = servedFiles(reflectionPackageDefinition(loadSync(healthProtoPath, { keepCase: true }))).get('grpc_health_v1.proto');
    const list = message(health, 'HealthListResponse');
    assert.deepEqual(list.nestedType?.map((nested) => [nested.name, nested.options?.mapEntry]), [['StatusesEntry', true]]);
    assert.equal(list.field?.[0]?.typeName, '.grpc.health.v1.HealthListResponse.StatusesEntry');
    assert.equal(list.nestedType?.[0]?.field?.[1]?.typeName, '.grpc.health.v1.HealthCheckResponse');
    assert.equal(message(health, 'HealthCheckResponse').field?.[0]?.typeName, '.grpc.health.v1.HealthCheckResponse.ServingStatus');
  });

  it('names a snake_case map field of a package loaded the way the server loads it', () => {
    // `map<string, Entry> by_user_id = 1;` in protobufjs's JSON form.
    const mapField = { keyType: 'string', type: 'Entry', id: 1 };
    const definition = fromJSON({ nested: { p: { nested: { Ledger: { fields: { by_user_id: mapField } }, Entry: { fields: { n: { type: 'int32', id: 1 } } } } } } }, { keepCase: true });
    const ledger = message(servedFiles(reflectionPackageDefinition(definition)).get('p.proto'), 'Ledger');
    assert.equal(ledger.field?.[0]?.typeName, '.p.Ledger.ByUserIdEntry');
    assert.equal(ledger.nestedType?.[0]?.name, 'ByUserIdEntry');
    assert.equal(ledger.nestedType?.[0]?.field?.[1]?.typeName, '.p.Entry');
  });

  it("leaves no relative type reference in Tessera's and the health service's descriptors", () => {
    const served = servedFiles(reflectionPackageDefinition({ ...loadSync(healthProtoPath, { keepCase: true }), ...loadTesseraProto().packageDefinition }));
    assert.deepEqual([...served.keys()].sort(), ['grpc_health_v1.proto', 'tessera_v1.proto']);
    for (const file of served.values()) {
      const references = typeReferences(file);
      assert.ok(references.length > 0);
      assert.deepEqual(references.filter((reference) => !reference.startsWith(`.${file.package}.`)), [], `${file.name}`);
    }
    assert.equal(message(served.get('tessera_v1.proto'), 'LoginResponse').field?.find((field) => field.name === 'user')?.typeName, '.tessera.v1.User');
  });

  it('resolves a relative name in the innermost scope that declares it, as protoc does', () => {
    const files: IFileDescriptorProto[] = [
      {
        name: 'p.proto',
        package: 'p',
        messageType: [
          { name: 'User' },
          { name: 'Outer', nestedType: [{ name: 'User' }], field: [{ name: 'mine', typeName: 'User' }] },
          { name: 'Other', field: [{ name: 'theirs', typeName: 'User' }] },
        ],
      },
      { name: 'q.proto', package: 'q', messageType: [{ name: 'Holder', field: [{ name: 'user', typeName: 'p.User' }] }] },
    ];
    const before = structuredClone(files);
    const [p, q] = withProtocConventions(files);
    assert.equal(message(p, 'Outer').field?.[0]?.typeName, '.p.Outer.User');
    assert.equal(message(p, 'Other').field?.[0]?.typeName, '.p.User');
    assert.equal(message(q, 'Holder').field?.[0]?.typeName, '.p.User');
    assert.deepEqual(files, before, 'the input is not modified');
  });

  it('refuses a reference to a type that no file declares, naming it', () => {
    assert.throws(
      () => withProtocConventions([{ name: 'p.proto', package: 'p', messageType: [{ name: 'A', field: [{ name: 'b', typeName: 'Missing' }] }] }]),
      /type Missing referenced from \.p\.A is not declared/,
    );
  });
});
