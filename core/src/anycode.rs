//! A code of whichever system ([`AnyCode`]), for the surfaces that choose the system at
//! run time (the CLI's `--system`, a Python or JavaScript call naming it): the shared
//! calls of [`Code`], and, on [`CodeSystem`], the shared calls of [`CodeSet`] that give
//! codes. A system's extras stay on its own typed code.

use crate::codeset::{Code, CodeSet, System};
use crate::date::Date;
use crate::error::ValidationError;
use crate::key::CodeBuf;
use crate::mce::MceFlags;
use crate::system::{with_system, CodeSystem};
use crate::table::{Title, TitleSource};
use crate::validity::{Release, ValidityRange, ValiditySpan};

/// A code (or header, or level of the hierarchy) of any system medcodes knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnyCode {
    Icd10Cm(crate::icd10cm::Code),
    #[cfg(feature = "icd10pcs")]
    Icd10Pcs(crate::icd10pcs::Code),
    #[cfg(feature = "hcpcs")]
    Hcpcs(crate::hcpcs::Code),
    #[cfg(feature = "icd9")]
    Icd9Cm(crate::icd9::Code),
    #[cfg(feature = "icd9")]
    Icd9Proc(crate::icd9::Procedure),
}

/// Runs `$body` with `$c` bound to the typed code inside an [`AnyCode`]: the one place an
/// `AnyCode` is taken apart (a new system adds its line).
macro_rules! with_code {
    ($code:expr, $c:ident => $body:expr) => {
        match $code {
            AnyCode::Icd10Cm($c) => $body,
            #[cfg(feature = "icd10pcs")]
            AnyCode::Icd10Pcs($c) => $body,
            #[cfg(feature = "hcpcs")]
            AnyCode::Hcpcs($c) => $body,
            #[cfg(feature = "icd9")]
            AnyCode::Icd9Cm($c) => $body,
            #[cfg(feature = "icd9")]
            AnyCode::Icd9Proc($c) => $body,
        }
    };
}

impl<S: System> From<Code<S>> for AnyCode {
    fn from(code: Code<S>) -> AnyCode {
        S::wrap(code)
    }
}

fn all<S: System>(codes: impl Iterator<Item = Code<S>>) -> Vec<AnyCode> {
    codes.map(AnyCode::from).collect()
}

impl AnyCode {
    /// The system the code belongs to.
    pub fn system(&self) -> CodeSystem {
        with_code!(self, c => c.system())
    }

    /// [`Code::code`].
    pub fn code(&self) -> CodeBuf {
        with_code!(self, c => c.code())
    }

    /// [`Code::undotted`].
    pub fn undotted(&self) -> CodeBuf {
        with_code!(self, c => c.undotted())
    }

    /// [`Code::is_valid_on`].
    pub fn is_valid_on(&self, date: Date) -> bool {
        with_code!(self, c => c.is_valid_on(date))
    }

    /// [`Code::is_present_on`].
    pub fn is_present_on(&self, date: Date) -> bool {
        with_code!(self, c => c.is_present_on(date))
    }

    /// [`Code::validity`].
    pub fn validity(&self) -> Vec<ValidityRange> {
        with_code!(self, c => c.validity())
    }

    /// [`Code::validity_spans`].
    pub fn validity_spans(&self) -> Vec<ValiditySpan> {
        with_code!(self, c => c.validity_spans())
    }

    /// [`Code::mce_flags_on`].
    pub fn mce_flags_on(&self, date: Date) -> Option<MceFlags> {
        with_code!(self, c => c.mce_flags_on(date))
    }

    /// [`Code::title_on`].
    pub fn title_on(&self, date: Date) -> Option<Title> {
        with_code!(self, c => c.title_on(date))
    }

    /// [`Code::short_title_on`].
    pub fn short_title_on(&self, date: Date) -> Option<Title> {
        with_code!(self, c => c.short_title_on(date))
    }

    /// [`Code::title`].
    pub fn title(&self) -> Option<Title> {
        with_code!(self, c => c.title())
    }

    /// [`Code::short_title`].
    pub fn short_title(&self) -> Option<Title> {
        with_code!(self, c => c.short_title())
    }

    /// [`Code::title_from`].
    pub fn title_from(&self, source: usize) -> Option<Title> {
        with_code!(self, c => c.title_from(source))
    }

    /// [`Code::parent`].
    pub fn parent(&self) -> Option<AnyCode> {
        with_code!(self, c => c.parent().map(AnyCode::from))
    }

    /// [`Code::ancestors`], nearest first.
    pub fn ancestors(&self) -> Vec<AnyCode> {
        with_code!(self, c => all(c.ancestors()))
    }

    /// [`Code::children`].
    pub fn children(&self) -> Vec<AnyCode> {
        with_code!(self, c => all(c.children()))
    }

    /// [`Code::descendants`].
    pub fn descendants(&self) -> Vec<AnyCode> {
        with_code!(self, c => all(c.descendants()))
    }
}

impl std::fmt::Display for AnyCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        with_code!(self, c => std::fmt::Display::fmt(&c, f))
    }
}

/// The calls of [`CodeSet`] that give codes, for a system chosen at run time.
impl CodeSystem {
    /// [`CodeSet::lookup`] in this system.
    pub fn lookup(self, code: &str) -> Result<AnyCode, ValidationError> {
        with_system!(self, S => CodeSet::<S>::new().lookup(code).map(AnyCode::from))
    }

    /// [`CodeSet::validate`] in this system.
    pub fn validate(self, code: &str, date: Date) -> Result<AnyCode, ValidationError> {
        with_system!(self, S => CodeSet::<S>::new().validate(code, date).map(AnyCode::from))
    }

    /// [`CodeSet::codes`] in this system.
    pub fn codes(self) -> Vec<AnyCode> {
        with_system!(self, S => all(CodeSet::<S>::new().codes()))
    }

    /// [`CodeSet::codes_valid_on`] in this system.
    pub fn codes_valid_on(self, date: Date) -> Vec<AnyCode> {
        with_system!(self, S => all(CodeSet::<S>::new().codes_valid_on(date)))
    }

    /// [`CodeSet::codes_starting_with`] in this system.
    pub fn codes_starting_with(self, prefix: &str) -> Vec<AnyCode> {
        with_system!(self, S => all(CodeSet::<S>::new().codes_starting_with(prefix)))
    }

    /// [`CodeSet::releases`] in this system.
    pub fn releases(self) -> Vec<Release> {
        with_system!(self, S => CodeSet::<S>::new().releases().collect())
    }

    /// [`CodeSet::release_on`] in this system.
    pub fn release_on(self, date: Date) -> Option<Release> {
        with_system!(self, S => CodeSet::<S>::new().release_on(date))
    }

    /// [`CodeSet::title_sources`] in this system.
    pub fn title_sources(self) -> &'static [TitleSource] {
        with_system!(self, S => CodeSet::<S>::new().title_sources())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_code_agrees_with_the_typed_code() {
        let date = Date::new(2025, 3, 1).unwrap();
        let cm = crate::Icd10Cm::new();
        let e119 = cm.lookup("E11.9").unwrap();
        let any = CodeSystem::Icd10Cm.lookup("e119").unwrap();
        assert_eq!(any, AnyCode::from(e119));
        assert_eq!(any.system(), CodeSystem::Icd10Cm);
        assert_eq!(any.code(), "E11.9");
        assert_eq!(any.title_on(date), e119.title_on(date));
        assert_eq!(any.parent(), e119.parent().map(AnyCode::from));
        assert_eq!(any.ancestors().len(), e119.ancestors().count());
        assert_eq!(any.to_string(), "E11.9");
        assert!(CodeSystem::Icd10Cm.validate("E11", date).is_err());
        assert_eq!(
            CodeSystem::Icd10Cm.codes_starting_with("E11.6").len(),
            cm.codes_starting_with("E11.6").count()
        );
        #[cfg(feature = "icd10pcs")]
        {
            let pcs = CodeSystem::Icd10Pcs.lookup("0DTJ4ZZ").unwrap();
            assert_eq!(pcs.system(), CodeSystem::Icd10Pcs);
            assert_eq!(pcs.children(), Vec::<AnyCode>::new());
            assert!(pcs.parent().is_some_and(|p| p.code() == "0DTJ"));
        }
    }
}
