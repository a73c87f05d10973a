//! Shared inputs for the criterion benchmarks in `benches/*.rs` (see README.md).

use medcodes::claim::{Claim, Diagnosis, Procedure, Sex};
use medcodes::{Date, Icd10Cm, Icd10Pcs};

/// A realistic mix of claim-file codes: valid codes in several spellings (dotted,
/// undotted, lower case, padded), headers, unknown and malformed strings. Deterministic.
pub fn mixed_codes(n: usize) -> Vec<String> {
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).expect("date");
    let valid: Vec<String> = cm
        .codes_valid_on(dos)
        .map(|c| c.code().to_string())
        .collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let r = next();
            let code = &valid[(r >> 8) as usize % valid.len()];
            match r % 20 {
                0..=7 => code.clone(),
                8..=11 => code.replace('.', ""),
                12..=13 => code.to_lowercase(),
                14 => format!(" {code} "),
                15 => code[..3].to_string(),
                16 => format!("{}9", &code[..3]),
                17 => "Q99.999".to_string(),
                18 => "12345".to_string(),
                _ => code.clone(),
            }
        })
        .collect()
}

/// A xorshift generator: the benches' inputs are the same in every run.
pub struct Rng(pub u64);

impl Rng {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() >> 8) as usize % items.len()]
    }

    /// An item with Zipf-like frequencies (s = 1): the i-th item about as often as 1/i.
    fn pick_zipf<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let u = self.unit();
        let i = ((items.len() as f64).powf(u) - 1.0) as usize;
        &items[i.min(items.len() - 1)]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, (self.next() >> 8) as usize % (i + 1));
        }
    }
}

struct Pools {
    dx: Vec<String>,
    proc: Vec<String>,
}

fn pools(dos: Date, clean: bool) -> Pools {
    let dx = Icd10Cm::new()
        .codes_valid_on(dos)
        .filter(|c| !clean || c.mce_flags_on(dos).is_some_and(|f| f.is_empty()))
        .map(|c| c.code().to_string())
        .collect();
    let proc = Icd10Pcs::new()
        .codes_valid_on(dos)
        .filter(|c| !clean || c.mce_flags_on(dos).is_some_and(|f| f.is_empty()))
        .map(|c| c.code().to_string())
        .collect();
    Pools { dx, proc }
}

/// `n` claims of 1 principal + 9 secondary diagnoses + 3 procedures on `dos`, ages 18-107,
/// both sexes, codes drawn at random from those billable on the date; with `clean`, only
/// codes without MCE flags (as on most real claims: no edit fires). Deterministic.
pub fn mce_claims(n: usize, dos: Date, clean: bool) -> Vec<Claim> {
    mce_claims_with(n, dos, clean, false)
}

/// [`mce_claims`], with `zipf`: codes drawn with Zipf-like frequencies (s = 1) from the
/// pool in a random order, as in real claim files, where a few thousand codes make most
/// rows (so the tables they touch stay in cache); else every code equally often (the worst
/// case for caches).
pub fn mce_claims_with(n: usize, dos: Date, clean: bool, zipf: bool) -> Vec<Claim> {
    let mut p = pools(dos, clean);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    rng.shuffle(&mut p.dx);
    rng.shuffle(&mut p.proc);
    let draw = |rng: &mut Rng, items: &[String]| -> String {
        if zipf {
            rng.pick_zipf(items).clone()
        } else {
            rng.pick(items).clone()
        }
    };
    (0..n)
        .map(|_| {
            let age = (rng.next() % 90) as i32 + 18;
            Claim {
                date: dos,
                age,
                sex: if rng.next() % 2 == 0 {
                    Sex::Male
                } else {
                    Sex::Female
                },
                principal: Diagnosis::new(draw(&mut rng, &p.dx)),
                secondary: (0..9)
                    .map(|_| Diagnosis::new(draw(&mut rng, &p.dx)))
                    .collect(),
                procedures: (0..3)
                    .map(|_| Procedure::new(draw(&mut rng, &p.proc)))
                    .collect(),
                discharge_status: Some(1),
                length_of_stay: Some(6),
                ..Claim::default()
            }
        })
        .collect()
}

/// A realistic mix of ICD-10-PCS claim-file codes: valid codes (upper, lower case, padded),
/// incomplete codes, codes with I or O, unknown and too-long strings. Deterministic.
pub fn mixed_pcs_codes(n: usize) -> Vec<String> {
    let dos = Date::new(2025, 3, 1).expect("date");
    let valid: Vec<String> = Icd10Pcs::new()
        .codes_valid_on(dos)
        .map(|c| c.code().to_string())
        .collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    (0..n)
        .map(|_| {
            let r = rng.next();
            let code = rng.pick(&valid);
            match r % 20 {
                0..=12 => code.clone(),
                13..=14 => code.to_lowercase(),
                15 => format!(" {code} "),
                16 => code[..4].to_string(),
                17 => format!("{}I", &code[..6]),
                18 => "0ZZZZZZ".to_string(),
                _ => format!("{code}0"),
            }
        })
        .collect()
}

/// A realistic mix of HCPCS Level II claim-line codes: valid codes (upper, lower case,
/// padded), CPT codes on the wrong list, starts of codes, unknown and too-long strings.
/// Deterministic.
pub fn mixed_hcpcs_codes(n: usize) -> Vec<String> {
    let dos = Date::new(2025, 3, 1).expect("date");
    let valid: Vec<String> = medcodes::hcpcs::Hcpcs::new()
        .codes_valid_on(dos)
        .map(|c| c.code().to_string())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|_| {
            let r = rng.next();
            let code = rng.pick(&valid);
            match r % 20 {
                0..=12 => code.clone(),
                13..=14 => code.to_lowercase(),
                15 => format!(" {code} "),
                16 => "99213".to_string(),
                17 => code[..3].to_string(),
                18 => "Q0000".to_string(),
                _ => format!("{code}0"),
            }
        })
        .collect()
}

/// The baseline the benchmarks compare with, the hand-written way: trim, upper-case and
/// drop the dot into a new `String`, then probe a set of the codes valid on the date.
pub fn baseline_is_valid(set: &std::collections::HashSet<String>, code: &str) -> bool {
    let normalized: String = code
        .trim()
        .chars()
        .filter(|&c| c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    set.contains(&normalized)
}

/// A criterion [`Measurement`](criterion::measurement::Measurement) of the CPU time the
/// benchmark thread itself ran (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, nanoseconds).
///
/// Why: this machine is shared, and wall time counts the time the thread waited for a core
/// while other jobs ran; CPU time does not, so the figures move much less with the load
/// (cache sharing still shows). Falls back to wall time where the clock is unavailable.
pub struct ThreadCpuTime;

impl ThreadCpuTime {
    fn now_ns() -> Option<u64> {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec for the duration of the call.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        if rc != 0 {
            return None;
        }
        let secs = u64::try_from(t.tv_sec).ok()?;
        let nanos = u64::try_from(t.tv_nsec).ok()?;
        Some(secs * 1_000_000_000 + nanos)
    }
}

/// Where a measurement started: CPU nanoseconds, or the wall clock when unavailable.
pub enum CpuStart {
    Cpu(u64),
    Wall(std::time::Instant),
}

impl criterion::measurement::Measurement for ThreadCpuTime {
    type Intermediate = CpuStart;
    type Value = f64;

    fn start(&self) -> CpuStart {
        match Self::now_ns() {
            Some(ns) => CpuStart::Cpu(ns),
            None => CpuStart::Wall(std::time::Instant::now()),
        }
    }

    fn end(&self, start: CpuStart) -> f64 {
        match (start, Self::now_ns()) {
            (CpuStart::Cpu(a), Some(b)) => b.saturating_sub(a) as f64,
            (CpuStart::Wall(t), _) => t.elapsed().as_nanos() as f64,
            (CpuStart::Cpu(_), None) => 0.0,
        }
    }

    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }

    fn zero(&self) -> f64 {
        0.0
    }

    fn to_f64(&self, value: &f64) -> f64 {
        *value
    }

    fn formatter(&self) -> &dyn criterion::measurement::ValueFormatter {
        &CpuNanos
    }
}

/// Shows CPU nanoseconds in the unit that suits their size, and throughputs per CPU second.
struct CpuNanos;

impl criterion::measurement::ValueFormatter for CpuNanos {
    fn scale_values(&self, typical_ns: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical_ns {
            t if t < 1e3 => (1.0, "ns cpu"),
            t if t < 1e6 => (1e-3, "µs cpu"),
            t if t < 1e9 => (1e-6, "ms cpu"),
            _ => (1e-9, "s cpu"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(
        &self,
        typical_ns: f64,
        throughput: &criterion::Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let per_iteration = match *throughput {
            criterion::Throughput::Bytes(n) | criterion::Throughput::BytesDecimal(n) => n,
            criterion::Throughput::Elements(n) => n,
        } as f64;
        let rate = per_iteration * 1e9 / typical_ns;
        let (divisor, unit) = match rate {
            r if r < 1e3 => (1.0, "/cpu-s"),
            r if r < 1e6 => (1e3, "K/cpu-s"),
            r if r < 1e9 => (1e6, "M/cpu-s"),
            _ => (1e9, "G/cpu-s"),
        };
        values
            .iter_mut()
            .for_each(|v| *v = per_iteration * 1e9 / *v / divisor);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
