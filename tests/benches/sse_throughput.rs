//! Server-sent event parsing throughput: a 10 MB stream of chat-completion
//! chunks fed in 16 KiB pieces to the runtime's parser, next to reading the
//! same pieces with no parsing (copying them into a buffer). Run by
//! `cargo xtask bench`, which reports both in MB/s.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use runtime::sse::Parser;

const TOTAL: usize = 10 * 1024 * 1024;
const PIECE: usize = 16 * 1024;

/// OpenAI-style events, with ids and the odd comment, up to `TOTAL` bytes.
fn stream() -> Vec<u8> {
    let mut out = Vec::with_capacity(TOTAL + 512);
    let mut i = 0u64;
    while out.len() < TOTAL {
        let event = format!(
            "id: {i}\r\ndata: {{\"id\":\"chatcmpl-{i}\",\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"token {i} é\"}},\"finish_reason\":null}}]}}\r\n\r\n"
        );
        out.extend_from_slice(event.as_bytes());
        if i % 64 == 0 {
            out.extend_from_slice(b": keep-alive\n\n");
        }
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let bytes = stream();
    let mut group = c.benchmark_group("sse_throughput");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| {
            let mut parser = Parser::new();
            let mut data = 0usize;
            for piece in bytes.chunks(PIECE) {
                parser.feed(black_box(piece));
                while let Some(event) = parser.next_event() {
                    data += event.data.len();
                }
            }
            black_box(data)
        })
    });
    group.bench_function("read_only", |b| {
        let mut buf = Vec::with_capacity(bytes.len());
        b.iter(|| {
            buf.clear();
            for piece in bytes.chunks(PIECE) {
                buf.extend_from_slice(black_box(piece));
            }
            black_box(buf.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
