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
const ReleaseError = medcodesErrorClass('ReleaseError');

// After `obj.free()` (or `using`), a call on the object would reach Rust with a null pointer
// and throw wasm-bindgen's bare "null pointer passed to rust". Each class's `free` instead
// moves the object onto a prototype whose methods and getters throw a TypeError naming the
// class and the call; live objects are untouched (no wrapper on any other call).
function medcodesGuardFreed(classes) {
  for (const C of classes) {
    const proto = C && C.prototype;
    if (!proto || typeof proto.free !== 'function') continue;
    const free = proto.free;
    const dispose = typeof Symbol.dispose === 'symbol' && proto[Symbol.dispose] === free;
    // The freed prototype is made at the class's first free(), not at load: `require`
    // pays for nothing here (it made one for each of the ~50 classes: 0.4-0.9 ms).
    let freed = null;
    const freedProto = () => {
      if (freed) return freed;
      freed = Object.create(proto);
      for (const key of Object.getOwnPropertyNames(proto)) {
        if (key === 'constructor' || key === 'free') continue;
        const d = Object.getOwnPropertyDescriptor(proto, key);
        const fail = () => {
          throw new TypeError(`${C.name}.${key}: this ${C.name} was freed (free() was called); create a new one`);
        };
        if (typeof d.value === 'function') Object.defineProperty(freed, key, { value: fail, configurable: true });
        else if (d.get || d.set) Object.defineProperty(freed, key, { get: fail, set: fail, configurable: true });
      }
      Object.defineProperty(freed, 'free', { value() {}, configurable: true });
      if (dispose) Object.defineProperty(freed, Symbol.dispose, { value() {}, configurable: true });
      return freed;
    };
    function guardedFree() {
      free.call(this);
      Object.setPrototypeOf(this, freedProto());
    }
    Object.defineProperty(proto, 'free', { value: guardedFree, configurable: true, writable: true });
    // `using` calls Symbol.dispose, which wasm-bindgen sets to the original free.
    if (dispose) {
      Object.defineProperty(proto, Symbol.dispose, { value: guardedFree, configurable: true, writable: true });
    }
  }
}
