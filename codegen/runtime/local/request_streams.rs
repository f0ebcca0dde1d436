/// What the streaming methods of requests are made of; in a crate only
/// when its API has list operations that paginate or binary responses.
impl<T: Send + 'static, P: Send + Sync + 'static> OperationRequest<T, P> {
    /// Every item of every page, from this request's page on: the stream
    /// behind each list operation's `items` method.
    // Unused by an API without pagination.
    #[allow(dead_code)]
    pub(crate) fn pages<I>(
        self,
        paging: &'static runtime::pages::Paging,
    ) -> runtime::Items<I, <crate::Client as runtime::FromCore>::ErrorBody> {
        runtime::pages::items(
            self.call,
            self.params,
            self.encode,
            self.options,
            self.decode,
            paging,
        )
    }

    /// The same request with its success body left on the connection for
    /// `decode`: the request behind each binary operation's `byte_stream`.
    // Unused by an API without binary responses.
    #[allow(dead_code)]
    pub(crate) fn streamed<U>(
        mut self,
        decode: fn(RawResponse) -> Result<U, Error>,
    ) -> OperationRequest<U, P> {
        self.call.stream_response();
        OperationRequest {
            call: self.call,
            params: self.params,
            encode: self.encode,
            options: self.options,
            decode,
        }
    }
}
