import { describe, expect, it } from 'vitest';
import { tokens } from '../../lib/text.js';
import { firmNameWords } from './firm-names.js';

describe('firm names without their legal form', () => {
  it('drops the legal form, written any way', () => {
    for (const name of ['Transports Durand', 'Transports Durand SARL', 'TRANSPORTS DURAND S.A.R.L.', 'SAS Transports Durand', 'Transports Durand (S.A.S.)']) {
      expect(firmNameWords(tokens(name)), name).toEqual(['transports', 'durand']);
    }
    expect(firmNameWords(tokens('Logistik Müller GmbH'))).toEqual(['logistik', 'muller']);
  });

  it('keeps what names the firm: initials, one letter, a name that is only a legal form', () => {
    expect(firmNameWords(tokens('A.B.C. Fret'))).toEqual(['abc', 'fret']);
    expect(firmNameWords(tokens('J Martin Transports'))).toEqual(['j', 'martin', 'transports']);
    expect(firmNameWords(tokens('SARL'))).toEqual(['sarl']);
  });
});
