#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>

// MHD_start_daemon and MHD_get_daemon_info are variadic, which Swift cannot call: these two
// wrappers fix the options m3m's server uses.

/// Starts a daemon on `address` (a sockaddr_in, or a sockaddr_in6 when `ipv6`; port 0 = any
/// free port) with an internal epoll thread pool of `threads` threads; `handler` answers
/// requests and `completed` frees what a request kept in its `con_cls`. Returns NULL when the
/// daemon cannot start (port taken, bad address).
static inline struct MHD_Daemon *cmhd_start(
    const struct sockaddr *address, int ipv6, unsigned int threads, unsigned int timeout_seconds,
    MHD_AccessHandlerCallback handler, void *context, MHD_RequestCompletedCallback completed) {
  return MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | (ipv6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
      handler, context,
      MHD_OPTION_SOCK_ADDR, address,
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
      MHD_OPTION_NOTIFY_COMPLETED, completed, context,
      MHD_OPTION_END);
}

/// The port a started daemon listens on (the one the kernel picked for port 0), or 0.
static inline uint16_t cmhd_bound_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}
