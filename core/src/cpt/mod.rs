//! CPT: the structure of the codes, and a licensed code file a user brings.
