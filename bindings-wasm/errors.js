// The package's error classes, appended to each build's JS by build.sh. The module throws
// `Error`s named after them (`name === 'DateError'`, with their fields: `argument`, `kind`,
// ...); `Symbol.hasInstance` makes `err instanceof DateError` true for those, and the
// classes can be constructed and subclassed like any error.
function medcodesErrorClass(name) {
  const C = {
    [name]: class extends Error {
      constructor(message, fields) {
        super(message);
        if (fields) Object.assign(this, fields);
      }
      static [Symbol.hasInstance](value) {
        return value instanceof Error && (value.name === name || Function.prototype[Symbol.hasInstance].call(this, value));
      }
    },
  }[name];
  Object.defineProperty(C.prototype, 'name', { value: name, writable: true, configurable: true });
  return C;
}
const DateError = medcodesErrorClass('DateError');
const SearchError = medcodesErrorClass('SearchError');
const HcpcsFileError = medcodesErrorClass('HcpcsFileError');
const CptFileError = medcodesErrorClass('CptFileError');
const HccError = medcodesErrorClass('HccError');
const ComorbidityError = medcodesErrorClass('ComorbidityError');
