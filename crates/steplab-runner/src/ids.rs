//! Identifiers drawn from one seed, so that a run can be replayed exactly.

/// Ids drawn from the engine's seeded generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Ids {
    rng: steplab_asl::rng::Rng,
}

impl Ids {
    /// A generator that yields the same ids for the same seed.
    pub fn new(seed: u64) -> Self {
        Self { rng: steplab_asl::rng::Rng::new(seed) }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// A lowercase UUID version 4, as Lambda request ids and console execution names are.
    pub fn uuid(&mut self) -> String {
        self.rng.uuid_v4()
    }

    /// Lowercase letters and digits, as in the suffix of a generated role name.
    pub fn suffix(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| {
                #[allow(clippy::cast_possible_truncation)]
                let i = (self.next_u64() % ALPHABET.len() as u64) as usize;
                char::from(ALPHABET[i])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids() {
        let (mut a, mut b) = (Ids::new(7), Ids::new(7));
        let id = a.uuid();
        assert_eq!(id, b.uuid());
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4", "version 4: {id}");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "RFC 4122 variant: {id}");
        assert_ne!(a.uuid(), id);
        assert_eq!(a.suffix(9).len(), 9);
    }
}
