#pragma once

#include <QList>

#include <functional>
#include <utility>

namespace parallax {

// Callers that need the same asynchronous step at the same time (detection, a login) share
// one run of it: the first to join starts it, everyone hears its one answer.
template<typename R> class SharedRun {
public:
    using Waiter = std::function<void(R)>;

    // True for the first waiter: that caller starts the run.
    bool join(Waiter waiter)
    {
        m_waiters.append(std::move(waiter));
        return m_waiters.size() == 1;
    }
    // Answers everyone who joined, and starts over.
    void finish(const R &result)
    {
        const auto waiters = std::exchange(m_waiters, {});
        for (const auto &w : waiters)
            w(result);
    }
    // Takes the waiters without answering them (to answer them otherwise).
    QList<Waiter> takeWaiters() { return std::exchange(m_waiters, {}); }

private:
    QList<Waiter> m_waiters;
};

}  // namespace parallax
