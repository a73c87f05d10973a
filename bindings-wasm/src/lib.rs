//! WebAssembly bindings (wasm-bindgen): thin translation of types and errors over `medcodes`.
