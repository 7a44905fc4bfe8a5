import { describe, expect, it } from 'vitest'
import { wifiProblem, wifiQrText } from '../../../shared/wifi.ts'

describe('the Wi-Fi QR code of the join cards', () => {
  it('writes a WPA network, escaping the characters the format uses', () => {
    expect(wifiQrText({ ssid: 'kominkan', password: 'sakura2026' })).toBe('WIFI:T:WPA;S:kominkan;P:sakura2026;;')
    expect(wifiQrText({ ssid: 'A;B,C', password: 'p:a"s\\s;word' })).toBe('WIFI:T:WPA;S:A\\;B\\,C;P:p\\:a\\"s\\\\s\\;word;;')
  })

  it('writes an open network without a password', () => {
    expect(wifiQrText({ ssid: '公民館フリーWi-Fi', password: '' })).toBe('WIFI:T:nopass;S:公民館フリーWi-Fi;;')
  })

  it('says what cannot go on a card', () => {
    expect(wifiProblem({ ssid: '', password: 'sakura2026' })).toBe('ssid-missing')
    // 32 bytes at most: eleven kana are 33.
    expect(wifiProblem({ ssid: 'あ'.repeat(10), password: '' })).toBeUndefined()
    expect(wifiProblem({ ssid: 'あ'.repeat(11), password: '' })).toBe('ssid-too-long')
    expect(wifiProblem({ ssid: 'hall', password: 'short' })).toBe('password-length')
    expect(wifiProblem({ ssid: 'hall', password: 'x'.repeat(64) })).toBe('password-length')
    expect(wifiProblem({ ssid: 'hall', password: 'x'.repeat(63) })).toBeUndefined()
  })
})
