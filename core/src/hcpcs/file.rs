//! The official CMS HCPCS release file, read at run time.
