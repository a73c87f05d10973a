//! HCPCS Level II: the CMS codes for supplies, drugs, ambulance, DME and the services CPT
//! lacks, by date of service.

pub mod file;
