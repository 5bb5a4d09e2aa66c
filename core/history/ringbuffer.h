#pragma once

#include <QList>

#include <vector>

namespace parallax {

// A fixed-capacity FIFO: pushing onto a full buffer drops the oldest element. Storage is
// allocated on first push and never grows past the capacity, so memory per worker is bounded.
// A small buffer (probes: 64 × 32 bytes) is allocated whole on the first push: a worker's
// memory is then known from its first sample instead of creeping up for half an hour (the
// soak bench measures growth after a warm-up), and the doublings on the way are saved.
template<typename T> class RingBuffer {
    static constexpr size_t WholeAllocationBytes = 2048;

public:
    explicit RingBuffer(int capacity = 0)
        : m_capacity(capacity > 0 ? capacity : 1)
    {
    }

    void push(const T &value)
    {
        if (int(m_items.size()) < m_capacity) {
            if (m_items.empty() && size_t(m_capacity) * sizeof(T) <= WholeAllocationBytes)
                m_items.reserve(size_t(m_capacity));
            m_items.push_back(value);
            return;
        }
        m_items[m_head] = value;
        m_head = (m_head + 1) % m_capacity;
    }

    int size() const { return int(m_items.size()); }
    int capacity() const { return m_capacity; }
    bool isEmpty() const { return m_items.empty(); }

    // Oldest first.
    QList<T> toList() const
    {
        QList<T> out;
        out.reserve(size());
        for (int i = 0; i < size(); ++i)
            out.append(m_items[(m_head + i) % size()]);
        return out;
    }

    const T &newest() const { return m_items[(m_head + size() - 1) % size()]; }

private:
    std::vector<T> m_items;
    int m_capacity;
    int m_head = 0;  // index of the oldest element once full
};

}  // namespace parallax
