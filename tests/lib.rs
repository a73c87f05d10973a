//! Workspace-level tests against the raw code-set inputs.
