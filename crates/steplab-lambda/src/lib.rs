//! The AWS Lambda python3.11 runtime on RustPython.
