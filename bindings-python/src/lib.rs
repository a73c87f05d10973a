//! Python bindings (pyo3): thin translation of types and errors over `medcodes`.
