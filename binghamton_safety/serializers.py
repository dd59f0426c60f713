"""Django's JSON serializer, with dates and times to the microsecond.

Django's own JSON encoder cuts times to milliseconds; a backup must bring every history
date back exactly, or two changes made within a millisecond would swap order. Files in
this format are plain JSON that `loaddata` reads as such.
"""

import datetime

from django.core.serializers import json


class Serializer(json.Serializer):
    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime | datetime.time):
            return value.isoformat()
        return super()._value_from_field(obj, field)


Deserializer = json.Deserializer
