//! The standard-library modules a Python version removed (What's New in Python 3.12: PEP 632's
//! `distutils`, and `imp`, `asynchat`, `asyncore`, `smtpd`; What's New in Python 3.13: PEP 594's
//! "dead batteries" and `lib2to3`). On a runtime of that version or later, importing one fails as
//! for any missing module: `ModuleNotFoundError: No module named 'cgi'`.

/// Each removed module with the minor version of Python 3 that removed it.
const REMOVED: [(&str, u32); 25] = [
    ("asynchat", 12),
    ("asyncore", 12),
    ("distutils", 12),
    ("imp", 12),
    ("smtpd", 12),
    ("aifc", 13),
    ("audioop", 13),
    ("cgi", 13),
    ("cgitb", 13),
    ("chunk", 13),
    ("crypt", 13),
    ("imghdr", 13),
    ("lib2to3", 13),
    ("mailcap", 13),
    ("msilib", 13),
    ("nis", 13),
    ("nntplib", 13),
    ("ossaudiodev", 13),
    ("pipes", 13),
    ("sndhdr", 13),
    ("spwd", 13),
    ("sunau", 13),
    ("telnetlib", 13),
    ("uu", 13),
    ("xdrlib", 13),
];

/// The minor version of Python 3 that removed top-level module `module`, if one did.
pub fn removed_in(module: &str) -> Option<u32> {
    REMOVED.iter().find(|(name, _)| *name == module).map(|(_, minor)| *minor)
}

/// The modules Python 3.`minor` has not got any more.
pub fn removed_by(minor: u32) -> impl Iterator<Item = &'static str> {
    REMOVED.iter().filter(move |(_, removed)| *removed <= minor).map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn removed_modules_per_version() {
        assert_eq!(super::removed_in("cgi"), Some(13));
        assert_eq!(super::removed_in("imp"), Some(12));
        assert_eq!(super::removed_in("json"), None);
        assert_eq!(super::removed_by(11).count(), 0);
        assert_eq!(super::removed_by(12).count(), 5);
        assert_eq!(super::removed_by(14).count(), 25);
    }
}
