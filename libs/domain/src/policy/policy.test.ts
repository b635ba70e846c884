import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../shared/domain-error.ts';
import { isAllowed, parsePolicy, type Policy } from './policy.ts';

const refusal = (text: string, message: RegExp) =>
  assert.throws(() => parsePolicy(text), (error) => error instanceof ValidationError && error.code === 'invalid_policy' && message.test(error.message));

describe('policy: parsing', () => {
  it('reads the brief\'s example', () =>
    assert.deepEqual(parsePolicy('{"resources": {"*": {"allow": ["*"], "block": []}, "projects": {"allow": ["GET"], "block": ["DELETE"]}}}'), {
      resources: { '*': { allow: ['*'], block: [] }, projects: { allow: ['GET'], block: ['DELETE'] } },
    }));
  it('treats an empty policy as full access (null)', () => {
    assert.equal(parsePolicy(''), null);
    assert.equal(parsePolicy('{}'), null);
    assert.equal(parsePolicy('{"resources": {}}'), null);
  });
  it('accepts methods in any case and stores them upper-case', () =>
    assert.deepEqual(parsePolicy('{"resources": {"*": {"allow": ["get"]}}}'), { resources: { '*': { allow: ['GET'], block: [] } } }));
  it('refuses text that is not JSON', () => refusal('{"resources":', /not valid JSON/));
  it('refuses JSON that is not an object', () => refusal('["GET"]', /must be a JSON object/));
  it('names an unknown top-level field', () => refusal('{"resource": {}}', /policy\.resource is not a known field/));
  it('refuses resources that are not an object', () => refusal('{"resources": []}', /policy\.resources must be an object/));
  it('names an unknown method with its path', () =>
    refusal('{"resources": {"projects": {"allow": ["GET", "FETCH"]}}}', /policy\.resources\["projects"\]\.allow\[1\]: "FETCH" is not an HTTP method/));
  it('names a method that is not a string', () => refusal('{"resources": {"*": {"block": [7]}}}', /policy\.resources\["\*"\]\.block\[0\]: 7/));
  it('names an unknown section field', () => refusal('{"resources": {"*": {"deny": ["GET"]}}}', /policy\.resources\["\*"\]\.deny is not a known field/));
  it('refuses a section that is not an object', () => refusal('{"resources": {"*": ["GET"]}}', /policy\.resources\["\*"\] must be an object/));
  it('refuses a list that is not a list', () => refusal('{"resources": {"*": {"allow": "GET"}}}', /allow must be a list/));
  it('refuses a hostile resource name', () => refusal('{"resources": {"<script>": {"allow": ["GET"]}}}', /resource name/));
  it('refuses too many resources', () =>
    refusal(JSON.stringify({ resources: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`r${i}`, {}])) }), /at most 100/));
});

describe('policy: enforcement (Djblets allow / block)', () => {
  const policy = (resources: Policy['resources']): Policy => ({ resources });
  it('lets everything through without a policy', () => assert.equal(isAllowed(null, 'projects', 'DELETE'), true));
  it('read-only everywhere', () => {
    const readOnly = policy({ '*': { allow: ['GET', 'HEAD'], block: [] } });
    assert.equal(isAllowed(readOnly, 'projects', 'GET'), true);
    assert.equal(isAllowed(readOnly, 'projects', 'POST'), false);
  });
  it('refuses what no section allows', () => assert.equal(isAllowed(policy({ projects: { allow: ['GET'], block: [] } }), 'files', 'GET'), false));
  it("asks the resource's own section before *", () => {
    const p = policy({ '*': { allow: ['*'], block: [] }, projects: { allow: [], block: ['DELETE'] } });
    assert.equal(isAllowed(p, 'projects', 'DELETE'), false);
    assert.equal(isAllowed(p, 'projects', 'GET'), true);
    assert.equal(isAllowed(p, 'files', 'DELETE'), true);
  });
  it('reads only the policy\'s own sections, not inherited properties', () =>
    assert.equal(isAllowed(policy({ '*': { allow: ['GET'], block: [] } }), 'constructor', 'GET'), true));
  it('within a section, block outranks allow for the same method', () =>
    assert.equal(isAllowed(policy({ '*': { allow: ['DELETE'], block: ['DELETE'] } }), 'x', 'DELETE'), false));
  it('within a section, a named method outranks *', () => {
    const onlyGet = policy({ projects: { allow: ['GET'], block: ['*'] } });
    assert.equal(isAllowed(onlyGet, 'projects', 'get'), true);
    assert.equal(isAllowed(onlyGet, 'projects', 'PUT'), false);
  });
});
