//! Definition parsing and validation never panic, and every span lies inside the text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let parsed = steplab_asl::parse(src);
        for d in &parsed.diagnostics {
            if let Some(s) = &d.span {
                assert!(s.start <= s.end && s.end <= src.len());
            }
        }
    }
});
