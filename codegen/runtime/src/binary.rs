//! Byte payloads: [`Base64`] for `format: byte` and [`Binary`] for
//! `format: binary` (files in multipart uploads; base64 inside JSON).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    // Servers differ in alphabet and padding; accept both alphabets.
    STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
}

/// Bytes carried as base64 text (`type: string, format: byte`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64(pub Vec<u8>);

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        decode(&text).map(Base64).map_err(serde::de::Error::custom)
    }
}

/// A file or blob (`type: string, format: binary`).
///
/// In a multipart upload it becomes a file part with the optional file name
/// and media type; inside JSON it is written as base64 text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary {
    /// The bytes.
    pub data: Vec<u8>,
    /// File name sent with a multipart part.
    pub filename: Option<String>,
    /// Media type sent with a multipart part.
    pub content_type: Option<String>,
    /// A file to send instead of `data`, read as the request is sent (and
    /// again for each retry), so that it never has to fit in memory.
    pub path: Option<std::path::PathBuf>,
}

impl Binary {
    /// Wraps bytes with no file name or media type.
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        Binary {
            data: data.into(),
            filename: None,
            content_type: None,
            path: None,
        }
    }

    /// The file at `path`, read when the request is sent rather than now;
    /// its file name is the path's last component. Only uploads can send
    /// it (a multipart file part or a binary body): it has no bytes to
    /// write inside JSON.
    pub fn file(path: impl Into<std::path::PathBuf>) -> Self {
        let path = path.into();
        Binary {
            data: Vec::new(),
            filename: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            content_type: None,
            path: Some(path),
        }
    }

    /// Sets the file name sent with a multipart part.
    #[must_use]
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the media type sent with a multipart part.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for Binary {
    fn from(data: Vec<u8>) -> Self {
        Binary::new(data)
    }
}

impl From<&[u8]> for Binary {
    fn from(data: &[u8]) -> Self {
        Binary::new(data.to_vec())
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(path) = &self.path {
            return Err(serde::ser::Error::custom(format!(
                "the file `{}` is sent as an upload, not written inside JSON",
                path.display()
            )));
        }
        serializer.serialize_str(&STANDARD.encode(&self.data))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        decode(&text)
            .map(Binary::new)
            .map_err(serde::de::Error::custom)
    }
}
