// A change's Graph calls written as straight-line code that the executor can still
// run concurrently with other changes on a single-threaded GraphClient: a C++20
// coroutine that `co_await`s a GraphRequest and gets the GraphResponse back.
//
//   GraphTask create_job(...) {
//     GraphResponse jobs = co_await GraphRequest{.tenant = t, .path = ".../jobs"};
//     ...
//     co_return ActionOutcome{};
//   }
//
// The driver (apply.cpp) calls resume() until pending() names a request, submits it
// (GraphClient::submit), hands the task its response with resume(response) when it
// arrives (GraphClient::poll), and collects the outcome once done().
// Promises: a task that throws ends with an error outcome naming the exception;
// the coroutine frame is destroyed with the GraphTask.
#pragma once

#include <coroutine>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "compiler/diag/diagnostic.h"
#include "runtime/graph/graph_client.h"

namespace tf::apply {

struct ActionOutcome {
  std::optional<Diagnostic> error;             // set when the change failed
  std::map<std::string, std::string> outputs;  // ids the change produced or found
  std::string note;                            // e.g. "already existed", shown with the result
};

class GraphTask {
 public:
  struct promise_type;
  using Handle = std::coroutine_handle<promise_type>;

  struct Awaiter {
    promise_type* promise;
    bool await_ready() const noexcept { return false; }
    void await_suspend(Handle) const noexcept {}
    graph::GraphResponse await_resume() const { return std::move(promise->response); }
  };

  struct promise_type {
    std::optional<graph::GraphRequest> pending;
    graph::GraphResponse response;
    std::optional<ActionOutcome> outcome;

    GraphTask get_return_object() { return GraphTask(Handle::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(ActionOutcome value) { outcome = std::move(value); }
    void unhandled_exception() {
      ActionOutcome failed;
      Diagnostic d;
      try {
        std::rethrow_exception(std::current_exception());
      } catch (const std::exception& e) {
        d.message = std::string("internal error while applying: ") + e.what();
      } catch (...) {
        d.message = "internal error while applying";
      }
      d.code = "apply-internal";
      failed.error = std::move(d);
      outcome = std::move(failed);
    }
    Awaiter await_transform(graph::GraphRequest request) {
      pending = std::move(request);
      return Awaiter{this};
    }
  };

  explicit GraphTask(Handle handle) : handle_(handle) {}
  GraphTask(GraphTask&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  GraphTask& operator=(GraphTask&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  GraphTask(const GraphTask&) = delete;
  GraphTask& operator=(const GraphTask&) = delete;
  ~GraphTask() {
    if (handle_) handle_.destroy();
  }

  // Runs to the next request or the end; `response` answers the previous request.
  void resume(std::optional<graph::GraphResponse> response = std::nullopt) {
    if (!handle_ || handle_.done()) return;
    if (response) handle_.promise().response = std::move(*response);
    handle_.promise().pending.reset();
    handle_.resume();
  }
  bool done() const { return !handle_ || handle_.done(); }
  // The request the task waits for (only while !done()).
  const std::optional<graph::GraphRequest>& pending() const { return handle_.promise().pending; }
  ActionOutcome outcome() const {
    if (handle_ && handle_.promise().outcome) return *handle_.promise().outcome;
    ActionOutcome missing;
    missing.error = Diagnostic{};
    missing.error->message = "internal error: the change ended without an outcome";
    return missing;
  }

 private:
  Handle handle_;
};

}  // namespace tf::apply
