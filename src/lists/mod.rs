//! Filter lists in uBlock Origin's network-filter syntax: parse, print, the built-in list, DNR rules.
//!
//! PLACEHOLDER (foundation issue); the request-classifier issue fills this module.
