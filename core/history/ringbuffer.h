#pragma once

#include <QList>

#include <vector>

namespace parallax {

// A fixed-capacity FIFO: pushing onto a full buffer drops the oldest element. Storage is
// allocated on first push and never grows past the capacity, so memory per worker is bounded.
template<typename T> class RingBuffer {
public:
    explicit RingBuffer(int capacity = 0)
        : m_capacity(capacity > 0 ? capacity : 1)
    {
    }

    void push(const T &value)
    {
        if (int(m_items.size()) < m_capacity) {
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
    int m_head = 0; // index of the oldest element once full
};

} // namespace parallax
