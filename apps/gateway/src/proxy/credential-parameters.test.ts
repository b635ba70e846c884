import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formCredential, withoutCredential } from './credential-parameters.ts';

const form = (text: string) => Buffer.from(text, 'latin1');

describe("proxy: django-tokenapi's credential parameters", () => {
  it('reads user and token from a form as request.POST does: decoded, the last of a repeated field', () => {
    assert.deepEqual(formCredential(form('a=1&user=7&token=old&%74oken=tst%5Fnew&b=2')), { user: '7', token: 'tst_new' });
    assert.deepEqual(formCredential(form('token=&user=')), { user: '', token: '' }, 'an empty field is there, and so wins over the query');
    assert.deepEqual(formCredential(form('note=a+token%3Dfor+me&username=7')), {});
  });

  it('takes the token out of both the query and the form, and user with it', () => {
    assert.deepEqual(withoutCredential('a=1&user=7&b=x%20y', form('token=t&c=3&user=7')), { query: 'a=1&b=x%20y', form: form('c=3') });
    assert.deepEqual(withoutCredential('token=t', form('user=7&c=3')), { query: '', form: form('c=3') });
    assert.deepEqual(withoutCredential('a=1&%74oken=t&c=', undefined), { query: 'a=1&c=', form: undefined });
  });

  it('takes out every repetition of the token, bare or empty, as the query parser reads each of them', () => {
    assert.deepEqual(withoutCredential('token=a&x=1&token=b&token&token=', undefined), { query: 'x=1', form: undefined });
    assert.deepEqual(withoutCredential('user=7&user=8&token=t', undefined), { query: '', form: undefined });
  });

  it('keeps names that only look like token or user: they are not read as the credential either', () => {
    assert.deepEqual(withoutCredential('TOKEN=a&Token=b&token%5B%5D=c&to+ken=d&tokens=e&token=f&USER=g', undefined), {
      query: 'TOKEN=a&Token=b&token%5B%5D=c&to+ken=d&tokens=e&USER=g',
      form: undefined,
    });
  });

  it('keeps a user field that came without a token: it is the upstream\'s own', () => {
    assert.deepEqual(withoutCredential('user=alice', form('user=bob&c=3')), { query: 'user=alice', form: form('user=bob&c=3') });
  });

  it('takes out the other parameters it is asked to, under any encoding of their names', () => {
    const dropped = new Set(['_method']);
    assert.deepEqual(withoutCredential('a=1&_method=DELETE&%5Fmethod=PUT', form('_method=DELETE&b=2&token=t'), dropped), { query: 'a=1', form: form('b=2') });
    assert.deepEqual(withoutCredential('method=DELETE&_methods=x', undefined, dropped), { query: 'method=DELETE&_methods=x', form: undefined });
  });

  it('forwards the bytes that are kept as they arrived, and an untouched form as the same buffer', () => {
    const latin1 = Buffer.from([0x6e, 0x3d, 0xe9, 0xff, 0x26, 0x74, 0x6f, 0x6b, 0x65, 0x6e, 0x3d, 0x74]); // n=\xe9\xff&token=t
    assert.deepEqual(withoutCredential('', latin1).form, Buffer.from([0x6e, 0x3d, 0xe9, 0xff]));
    const untouched = form('a=%ZZ&&b');
    assert.equal(withoutCredential('', untouched).form, untouched);
    assert.equal(withoutCredential('', form('')).form!.length, 0);
  });
});
